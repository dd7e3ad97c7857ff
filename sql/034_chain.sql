-- 034_chain: chain rewards (链动2+1, FEATURES G1–G3, G7 as packages need
-- it). Packages are products with a row here; the team structure
-- (placement) is its own tree, not the inviter tree, with a closure table
-- for the indexed ancestor and subtree queries (A4). Every reward is a row
-- tied to the package order that paid it; the frozen part of a reward is
-- held in the ledger's system account pool.chainfrozen (零钱) until it is
-- released, and the dividend pool in pool.chain: ctl verify checks both.

-- A product that is a package (礼包): buying it makes the buyer an agent
-- and, when grants names a rank, gives that rank too.
CREATE TABLE chain_packages (
  product_id    BIGINT UNSIGNED PRIMARY KEY,
  grants        VARCHAR(24) NOT NULL,                 -- 'agent' or a rank name
  created_at    DATETIME NOT NULL
) ENGINE=InnoDB;

-- A member in the chain. boss_id: the boss whose team they are in (a
-- boss: themselves; 0: none). parent_id: their place in the team tree.
-- left_for/left_slot: left behind (留给上级) by that recruiter, 1st or
-- 2nd. agents: recruits who became agents while they were in the chain.
-- released_at: their frozen rewards were released (G3), nothing freezes
-- any more.
CREATE TABLE chain_members (
  member_id     BIGINT UNSIGNED PRIMARY KEY,
  status        ENUM('agent','boss') NOT NULL,
  boss_id       BIGINT UNSIGNED NOT NULL DEFAULT 0,
  parent_id     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  recruiter_id  BIGINT UNSIGNED NOT NULL DEFAULT 0,
  left_for      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  left_slot     TINYINT NOT NULL DEFAULT 0,
  agents        INT NOT NULL DEFAULT 0,
  rank_name     VARCHAR(24) NULL,
  agent_at      DATETIME NOT NULL,
  boss_at       DATETIME NULL,
  released_at   DATETIME NULL,
  -- G4 3×3 spillover (chain.deadline = spill): the place among the
  -- recruiter's lines (rules/chain.h chain_spill); 0 when not placed so.
  spill_of      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  spill_line    TINYINT NOT NULL DEFAULT 0,
  spill_level   INT NOT NULL DEFAULT 0,
  spill_index   BIGINT NOT NULL DEFAULT 0,
  KEY k_boss (boss_id),
  KEY k_spill (spill_of, spill_line, spill_level, spill_index),
  KEY k_parent (parent_id),
  KEY k_left (left_for, left_slot),
  KEY k_rank (rank_name)
) ENGINE=InnoDB;

-- The placement tree's closure: one row per (ancestor, descendant) pair,
-- depth 0 for a member itself.
CREATE TABLE chain_tree (
  ancestor      BIGINT UNSIGNED NOT NULL,
  descendant    BIGINT UNSIGNED NOT NULL,
  depth         INT NOT NULL,
  PRIMARY KEY (ancestor, depth, descendant),
  UNIQUE KEY uk_desc (descendant, ancestor)
) ENGINE=InnoDB;

-- Each granted package order (qty packages), once.
CREATE TABLE chain_orders (
  order_id      BIGINT UNSIGNED PRIMARY KEY,
  buyer_id      BIGINT UNSIGNED NOT NULL,
  product_id    BIGINT UNSIGNED NOT NULL,
  qty           INT NOT NULL,
  pool          BIGINT NOT NULL,
  created_at    DATETIME NOT NULL,
  KEY k_buyer (buyer_id)
) ENGINE=InnoDB;

-- Every reward: the whole amount, the frozen part (posted into
-- pool.chainfrozen, key chain.freeze:<id>) and the rest (paid, key
-- chain.pay:<id>); released_at when the frozen part was paid out (key
-- chain.release:<id>).
CREATE TABLE chain_rewards (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  order_id      BIGINT UNSIGNED NOT NULL,
  member_id     BIGINT UNSIGNED NOT NULL,
  kind          ENUM('direct','see','peer') NOT NULL,
  gen           TINYINT NOT NULL,
  from_id       BIGINT UNSIGNED NOT NULL DEFAULT 0,
  amount        BIGINT NOT NULL,
  frozen        BIGINT NOT NULL,
  released_at   DATETIME NULL,
  created_at    DATETIME NOT NULL,
  UNIQUE KEY uk_order (order_id, member_id, kind),
  KEY k_member (member_id, id),
  KEY k_frozen (member_id, released_at),
  CONSTRAINT ck_chain_gen CHECK (gen BETWEEN 1 AND 3),
  CONSTRAINT ck_chain_amt CHECK (amount > 0 AND frozen >= 0 AND frozen <= amount)
) ENGINE=InnoDB;

-- The dividend pool's settlements (G2): what it held, what each rank got.
CREATE TABLE chain_settlements (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  period        VARCHAR(16) NOT NULL,                 -- 2026-12 or 2026-12-06
  balance       BIGINT NOT NULL,
  paid          BIGINT NOT NULL,
  detail        VARCHAR(1000) NOT NULL,               -- JSON: [{rank, bp, count, per}]
  created_at    DATETIME NOT NULL,
  UNIQUE KEY uk_period (period)
) ENGINE=InnoDB;
