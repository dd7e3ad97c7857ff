-- 012_product_images: C2 product images. A merchant uploads up to 6
-- images per product (JPEG, PNG or WebP by content, at most
-- upload.max_bytes each). The file lives under <var>/uploads/ named by the
-- SHA-256 of its bytes (`path` is relative to that directory, e.g.
-- "ab/ab12….png"); nginx serves it as /uploads/<path>. One file may back
-- several rows (the same picture on two products); it is removed when the
-- last row naming it is.
CREATE TABLE product_images (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  product_id  BIGINT UNSIGNED NOT NULL,
  path        VARCHAR(80) NOT NULL,
  bytes       INT UNSIGNED NOT NULL,
  mime        VARCHAR(32) NOT NULL,
  position    INT NOT NULL,               -- display order; the lowest is the cover
  created_at  DATETIME NOT NULL,
  UNIQUE KEY uk_product_position (product_id, position),
  KEY (path)
) ENGINE=InnoDB;

