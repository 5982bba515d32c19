-- The list's default order at province scale (issue 11): the largest parcels first, ties by code, as ItemPresentation
-- writes sortby=-areaMu (area_mu DESC NULLS LAST, then code). parcels_area_ix (ascending, nulls last) cannot give that
-- order, so every filter change at a million parcels sorted all the matches (a parallel scan, 450–850 ms); from this
-- index the first page is read in order and the scan stops at it.
CREATE INDEX parcels_area_desc_code_ix ON parcels (area_mu DESC NULLS LAST, code);
