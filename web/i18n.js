// UI strings: zh-CN first, English as a switch. Codes from the API (status, problem "code") are translated here.
export const strings = {
  zh: {
    title: '可用招商资源动态地图', subtitle: '闲置土地 · 闲置厂房', switchTo: 'English',
    zone: '开发区', allZones: '全部开发区', zoomToZone: '定位', land: '闲置土地', landUse: '用地性质', allLandUses: '全部',
    areaRange: '面积（亩）', factories: '闲置厂房', minVacant: '空置面积 ≥（m²）', minFloorHeight: '层高 ≥（m）', reset: '重置',
    parcelsShown: '地块', unitParcels: '宗', mu: '亩', factoriesShown: '厂房', unitFactories: '栋', vacant: '空置',
    loading: '加载中…', legendParcels: '土地状态', legendFactories: '厂房空置率', zones: '开发区边界',
    status: { idle: '闲置', negotiating: '洽谈中', reserved: '已预留', allocated: '已供地', in_use: '已使用' },
    ownership: { state: '政府收储', enterprise: '企业闲置' },
    layers: { parcels: '闲置土地', factories: '闲置厂房', zones: '开发区边界' },
    yes: '有', no: '无',
    p: {
      code: '宗地编号', zone: '开发区', address: '地址', areaMu: '面积（计算）', ledgerAreaMu: '台账面积', landUse: '用地性质',
      plotRatio: '容积率', buildingCoverageMin: '建筑系数 ≥', greenRatioMax: '绿地率 ≤', heightLimitM: '限高',
      minInvestmentWanPerMu: '投资强度 ≥', minTaxWanPerMu: '亩均税收 ≥', industryChains: '产业链', powerKva: '供电容量',
      utilities: '水/气/热', readiness: '基础设施', priceWanPerMu: '地价', ownership: '权属', idleSince: '闲置起始',
      idleReason: '闲置原因', status: '状态', contact: '联系人', mismatch: '台账面积与图形面积相差超过 5%',
      name: '名称', totalFloorM2: '总建筑面积', vacantFloorM2: '空置面积', floors: '层数', floorHeightM: '层高',
      floorLoadKnM2: '楼面荷载', craneT: '行车', rentYuanM2Month: '租金', salePriceYuanM2: '售价',
    },
    units: { mu: '亩', m2: 'm²', wanPerMu: '万元/亩', wanPerMuYear: '万元/亩/年', kva: 'kVA', m: 'm', kn: 'kN/m²', t: 't', rent: '元/m²/月', sale: '元/m²' },
    errors: { 'invalid-parameter': '查询参数有误', 'unknown-parameter': '未知的查询参数', network: '无法连接服务' },
  },
  en: {
    title: 'Available Investment Resources Map', subtitle: 'Idle land · Vacant factories', switchTo: '中文',
    zone: 'Zone', allZones: 'All zones', zoomToZone: 'Zoom', land: 'Idle land', landUse: 'Land use', allLandUses: 'All',
    areaRange: 'Area (mu)', factories: 'Vacant factories', minVacant: 'Vacant area ≥ (m²)', minFloorHeight: 'Floor height ≥ (m)', reset: 'Reset',
    parcelsShown: 'Parcels', unitParcels: '', mu: 'mu', factoriesShown: 'Factories', unitFactories: '', vacant: 'vacant',
    loading: 'Loading…', legendParcels: 'Land status', legendFactories: 'Factory vacancy', zones: 'Zone outlines',
    status: { idle: 'Idle', negotiating: 'Negotiating', reserved: 'Reserved', allocated: 'Allocated', in_use: 'In use' },
    ownership: { state: 'State-held', enterprise: 'Enterprise-held idle' },
    layers: { parcels: 'Idle land', factories: 'Vacant factories', zones: 'Zone outlines' },
    yes: 'yes', no: 'no',
    p: {
      code: 'Parcel code', zone: 'Zone', address: 'Address', areaMu: 'Area (computed)', ledgerAreaMu: 'Ledger area', landUse: 'Land use',
      plotRatio: 'Plot ratio', buildingCoverageMin: 'Building coverage ≥', greenRatioMax: 'Green ratio ≤', heightLimitM: 'Height limit',
      minInvestmentWanPerMu: 'Investment intensity ≥', minTaxWanPerMu: 'Tax per mu ≥', industryChains: 'Industry chains', powerKva: 'Power',
      utilities: 'Water/gas/heat', readiness: 'Readiness', priceWanPerMu: 'Land price', ownership: 'Ownership', idleSince: 'Idle since',
      idleReason: 'Idle reason', status: 'Status', contact: 'Contact', mismatch: 'ledger area differs from the geometry by more than 5%',
      name: 'Name', totalFloorM2: 'Total floor area', vacantFloorM2: 'Vacant floor area', floors: 'Floors', floorHeightM: 'Floor height',
      floorLoadKnM2: 'Floor load', craneT: 'Crane', rentYuanM2Month: 'Rent', salePriceYuanM2: 'Sale price',
    },
    units: { mu: 'mu', m2: 'm²', wanPerMu: '10k CNY/mu', wanPerMuYear: '10k CNY/mu/yr', kva: 'kVA', m: 'm', kn: 'kN/m²', t: 't', rent: 'CNY/m²/month', sale: 'CNY/m²' },
    errors: { 'invalid-parameter': 'Invalid query', 'unknown-parameter': 'Unknown query parameter', network: 'Cannot reach the server' },
  },
};

export function initialLanguage() {
  const saved = localStorage.getItem('landmap.lang');
  return saved === 'en' || saved === 'zh' ? saved : 'zh';
}
