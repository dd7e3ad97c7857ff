-- 009_products: C2 products. A merchant submits; an admin reviews and may
-- change the retail price before listing; only listed products are
-- visible. Prices are ¥ in fen; the mall decides the currency paid.
CREATE TABLE products (
  id              BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  merchant_id     BIGINT UNSIGNED NOT NULL,
  title           VARCHAR(80) NOT NULL,
  mall            ENUM('CARD','POINTS','CHANGE') NOT NULL,
  supply_price    BIGINT NOT NULL,
  suggested_price BIGINT NOT NULL,        -- the merchant's suggestion
  retail_price    BIGINT NOT NULL,        -- what members pay (admin may change)
  stock           INT NOT NULL,
  description     TEXT NOT NULL,
  status          ENUM('pending','listed','unlisted','rejected') NOT NULL DEFAULT 'pending',
  reason          VARCHAR(200) NULL,
  reviewed_by     BIGINT UNSIGNED NULL,
  created_at      DATETIME NOT NULL,
  updated_at      DATETIME NOT NULL,
  KEY (merchant_id, id),
  KEY (status, mall, id),
  CONSTRAINT ck_stock CHECK (stock >= 0),
  CONSTRAINT ck_prices CHECK (supply_price > 0 AND retail_price > 0)
) ENGINE=InnoDB;
