-- Matching at province scale (issue 11).
-- The candidate window (available statuses, a size range) as one range scan instead of two bitmaps ANDed.
CREATE INDEX parcels_status_area_ix ON parcels (status, area_mu);
-- Same-chain neighbours are sought from the parcel's side among occupied parcels only (allocated, in use: the chain
-- sources of MatchingQueries), a tenth of the table: a probe reads those few rows, not every parcel within 3 km.
CREATE INDEX parcels_occupied_geom_gix ON parcels USING gist (geom) WHERE status IN ('allocated', 'in_use');
