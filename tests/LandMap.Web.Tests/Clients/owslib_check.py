"""OWSLib (Debian python3-owslib) against LandMap: landing page, conformance, collections, queryables and items with a
CQL2 filter. Prints one JSON object for the C# test to check."""
import json
import sys

from owslib.ogcapi.features import Features

url = sys.argv[1]
api = Features(url)
links = {link["rel"] for link in api.links}
conformance = api.conformance()["conformsTo"]
collections = [c["id"] for c in api.collections()["collections"]]
queryables = api.collection_queryables("parcels")
page = api.collection_items("parcels", limit=1000,
                            filter="landUse LIKE '1001%' AND areaMu BETWEEN 20 AND 50", **{"filter-lang": "cql2-text"})
factories = api.collection_items("factories", limit=1)
print(json.dumps({
    "title": api.response.get("title") if hasattr(api, "response") else None,
    "links": sorted(links),
    "conformance": conformance,
    "collections": collections,
    "queryables": sorted(queryables["properties"].keys()),
    "filtered": page["numberMatched"],
    "filteredReturned": len(page["features"]),
    "filteredCodes": sorted(f["id"] for f in page["features"]),
    "factories": factories["numberMatched"],
}, ensure_ascii=False))
