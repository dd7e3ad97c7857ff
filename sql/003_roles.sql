-- 003_roles: A5 role applications. A member applies (or a leader
-- recommends a member for 团长); an admin approves or rejects with a
-- reason. At most one pending application per member and role.
CREATE TABLE role_applications (
  id             BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id      BIGINT UNSIGNED NOT NULL,
  role           ENUM('leader','owner','branch','region') NOT NULL,
  scope          CHAR(6) NULL,              -- city (branch) / district (region)
  recommender_id BIGINT UNSIGNED NULL,      -- the leader who recommended
  note           VARCHAR(200) NOT NULL DEFAULT '',
  status         ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  reason         VARCHAR(200) NULL,
  decided_by     BIGINT UNSIGNED NULL,
  decided_at     DATETIME NULL,
  created_at     DATETIME NOT NULL,
  pending_key    VARCHAR(40) AS (IF(status = 'pending',
                   CONCAT(member_id, ':', role), NULL)) PERSISTENT,
  UNIQUE KEY uk_pending (pending_key),
  KEY (status, id),
  KEY (member_id, id)
) ENGINE=InnoDB;
