-- The SMS log (sms_outbox, read at /admin/sms) keeps messages with the code
-- masked (cgi-bin/lib/sms.c); mask the codes of the messages logged before.
UPDATE sms_outbox SET body = REGEXP_REPLACE(body, '[0-9]{6}', '******')
WHERE body REGEXP '[0-9]{6}';
