"""QGIS (Debian python3-qgis 3.22, headless) against LandMap: adds parcels and factories through its OGC API – Features
provider, counts them, applies the issue's filter as a subset string (also on a layer through its GDAL/OGR provider,
which sends the server a filter), and projects one parcel's first vertex to
CGCS2000 GK zone 40 (EPSG:4528) with QGIS's own transform, for the test to compare with the server's crs= output.
Usage: qgis_check.py URL CODE. Prints one JSON object."""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,  # noqa: E402
                       QgsFeatureRequest, QgsPointXY, QgsProject, QgsVectorLayer)

url, code = sys.argv[1], sys.argv[2]
app = QgsApplication([], False)
app.setPrefixPath("/usr", True)
app.initQgis()
out = {}
for name in ("parcels", "factories"):
    layer = QgsVectorLayer(f"url='{url}' typename='{name}'", name, "OAPIF")
    out[name] = {"valid": layer.isValid(), "count": layer.featureCount(), "crs": layer.crs().authid(),
                 "fields": {f.name(): f.typeName() for f in layer.fields()}}
parcels = QgsVectorLayer(f"url='{url}' typename='parcels'", "filtered", "OAPIF")
parcels.setSubsetString("\"landUse\" LIKE '1001%' AND \"areaMu\" >= 20 AND \"areaMu\" <= 50")
out["filtered"] = sorted(str(f["code"]) for f in parcels.getFeatures())
# The same subset string on the layer added through QGIS's GDAL/OGR provider (OAPIF:URL): GDAL hands it to the server as
# a CQL text filter; QGIS 3.22's own OAPIF provider (above) filters locally.
through_gdal = QgsVectorLayer(f"OAPIF:{url}|layername=parcels", "gdal", "ogr")
through_gdal.setSubsetString("\"landUse\" LIKE '1001%' AND \"areaMu\" >= 20 AND \"areaMu\" <= 50")
out["filteredThroughGdal"] = sorted(str(f["code"]) for f in through_gdal.getFeatures())
one = QgsVectorLayer(f"url='{url}' typename='parcels'", "one", "OAPIF")
feature = next(one.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"code\" = '{code}'")), None)
if feature is not None:
    vertex = feature.geometry().vertexAt(0)
    to_gk = QgsCoordinateTransform(one.crs(), QgsCoordinateReferenceSystem("EPSG:4528"), QgsProject.instance())
    gk = to_gk.transform(QgsPointXY(vertex.x(), vertex.y()))
    out["vertex"] = {"lon": vertex.x(), "lat": vertex.y(), "easting": gk.x(), "northing": gk.y()}
print(json.dumps(out, ensure_ascii=False), flush=True)
# QGIS 3.22's teardown (exitQgis) can crash headless after the network provider ran; the work is done, so leave at once.
os._exit(0)
