-- 030_profile: the member's profile (FEATURES A9). The nickname column is
-- in 001; here the avatar (a stored upload, "ab/<sha256>.png" under
-- <var>/uploads like product images, checked the same way) and the
-- privacy switch: a private member's seats show a masked name and the
-- generated default avatar. The avatar's key lets the image service ask
-- whether a stored file is still used before removing it.
ALTER TABLE members
  ADD COLUMN avatar VARCHAR(80) NULL AFTER nickname,
  ADD COLUMN private_profile BOOLEAN NOT NULL DEFAULT FALSE AFTER avatar,
  ADD KEY (avatar);
