// The ledger columns the import wizard maps a file's headers onto, by kind: the API's field keys with their labels.
// The keys and the required flags are those of src/LandMap.Core/Ledgers/LedgerFields.cs (parcels and factories) and
// the geometry columns of LedgerRows.GeometryColumns; keep the three in step. The server recognises the usual headers
// itself (its answer carries the mapping it used): this list only names the fields on the page.

const PARCEL_FIELDS = [
  { key: 'code', zh: '宗地编号', en: 'Parcel code', required: true },
  { key: 'zone', zh: '开发区', en: 'Zone' },
  { key: 'park', zh: '园区', en: 'Park' },
  { key: 'address', zh: '坐落', en: 'Address' },
  { key: 'ledgerAreaMu', zh: '面积（亩）', en: 'Area (mu)' },
  { key: 'ledgerAreaM2', zh: '面积（平方米）', en: 'Area (m²)' },
  { key: 'landUse', zh: '用地性质', en: 'Land use', required: true },
  { key: 'plotRatioMin', zh: '容积率下限', en: 'Plot ratio, min' },
  { key: 'plotRatioMax', zh: '容积率', en: 'Plot ratio, max' },
  { key: 'buildingCoverageMin', zh: '建筑密度（%）', en: 'Building coverage (%)' },
  { key: 'greenRatioMax', zh: '绿地率（%）', en: 'Green ratio (%)' },
  { key: 'heightLimitM', zh: '限高（米）', en: 'Height limit (m)' },
  { key: 'minInvestmentWanPerMu', zh: '投资强度（万元/亩）', en: 'Investment intensity (10k CNY/mu)' },
  { key: 'minTaxWanPerMu', zh: '亩均税收（万元/亩）', en: 'Tax per mu (10k CNY/mu)' },
  { key: 'industryChains', zh: '产业链', en: 'Industry chains' },
  { key: 'powerKva', zh: '供电容量（kVA）', en: 'Power (kVA)' },
  { key: 'readiness', zh: '基础设施', en: 'Readiness' },
  { key: 'priceWanPerMu', zh: '地价（万元/亩）', en: 'Land price (10k CNY/mu)' },
  { key: 'ownership', zh: '权属', en: 'Ownership' },
  { key: 'owner', zh: '权属人', en: 'Owner' },
  { key: 'idleSince', zh: '闲置起始日期', en: 'Idle since' },
  { key: 'idleReason', zh: '闲置原因', en: 'Idle reason' },
  { key: 'suppliedOn', zh: '供地时间', en: 'Supplied on' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'contact', zh: '联系人', en: 'Contact' },
  { key: 'supplyType', zh: '供地方式', en: 'Supply (transfer / allocation)' },
  { key: 'agreedStartOn', zh: '约定动工日期', en: 'Agreed start' },
  { key: 'actualStartOn', zh: '实际动工日期', en: 'Actual start' },
  { key: 'developedShare', zh: '已开发面积占比', en: 'Share of area developed' },
  { key: 'investedShare', zh: '已投资占比', en: 'Share of investment made' },
  { key: 'haltedOn', zh: '停工日期', en: 'Halted on' },
  { key: 'landPriceWan', zh: '土地价款（万元）', en: 'Land price (10k CNY)' },
];

const FACTORY_FIELDS = [
  { key: 'code', zh: '厂房编号', en: 'Factory code', required: true },
  { key: 'zone', zh: '开发区', en: 'Zone' },
  { key: 'park', zh: '园区', en: 'Park' },
  { key: 'name', zh: '厂房名称', en: 'Name' },
  { key: 'address', zh: '坐落', en: 'Address' },
  { key: 'totalFloorM2', zh: '建筑面积（平方米）', en: 'Total floor area (m²)', required: true },
  { key: 'vacantFloorM2', zh: '空置面积（平方米）', en: 'Vacant floor area (m²)', required: true },
  { key: 'floors', zh: '层数', en: 'Floors' },
  { key: 'floorHeightM', zh: '层高（米）', en: 'Floor height (m)' },
  { key: 'floorLoadKnM2', zh: '楼面荷载（kN/m²）', en: 'Floor load (kN/m²)' },
  { key: 'craneT', zh: '行车吨位（吨）', en: 'Crane (t)' },
  { key: 'powerKva', zh: '用电容量（kVA）', en: 'Power (kVA)' },
  { key: 'rentYuanM2Month', zh: '租金（元/m²/月）', en: 'Rent (CNY/m²/month)' },
  { key: 'salePriceYuanM2', zh: '售价（元/m²）', en: 'Sale price (CNY/m²)' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'contact', zh: '联系人', en: 'Contact' },
];

/** Where a CSV or XLSX row's outline comes from (a Shapefile, GeoPackage or GeoJSON carries its own shapes). */
const GEOMETRY_COLUMNS = [
  { key: 'wkt', zh: 'WKT 图形', en: 'WKT geometry' },
  { key: 'boundaryPoints', zh: '界址点', en: 'Boundary points (界址点)' },
  { key: 'lon', zh: '经度', en: 'Longitude' },
  { key: 'lat', zh: '纬度', en: 'Latitude' },
];

/** Fields problems may name that are not columns of their own. */
const OTHER_FIELDS = [
  { key: 'geometry', zh: '图形', en: 'Geometry' },
  { key: 'file', zh: '文件', en: 'File' },
];

export const LEDGER_FIELDS = { parcels: PARCEL_FIELDS, factories: FACTORY_FIELDS };

/** The fields a ledger of `kind` maps, with the geometry columns when the file is a table (CSV, XLSX). */
export function mappableFields(kind, format) {
  return [...LEDGER_FIELDS[kind], ...(format === 'csv' || format === 'xlsx' ? GEOMETRY_COLUMNS : [])];
}

/** A field key's label in `lang` ('zh' or 'en'); an unknown key is shown as it is. */
export function fieldLabel(kind, key, lang) {
  const field = [...LEDGER_FIELDS[kind], ...GEOMETRY_COLUMNS, ...OTHER_FIELDS].find((f) => f.key === key);
  return field ? field[lang] : key;
}
