-- The search box (issue 12, /api/search): codes, addresses and building names found by any part as typed (ILIKE
-- '%text%'), which a B-tree cannot serve; trigram GIN indexes can (pg_trgm is a trusted extension: the database owner may
-- create it). Zones are a few dozen rows and need none.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX parcels_code_trgm_ix ON parcels USING gin (code gin_trgm_ops);
CREATE INDEX parcels_address_trgm_ix ON parcels USING gin (address gin_trgm_ops);
CREATE INDEX factories_code_trgm_ix ON factories USING gin (code gin_trgm_ops);
CREATE INDEX factories_text_trgm_ix ON factories USING gin (name gin_trgm_ops, address gin_trgm_ops);
