// UI strings: zh-CN first, English as a switch. Codes from the API (status, problem "code") are translated here.
export const strings = {
  zh: {
    signIn: '登录', signOut: '退出', signInTitle: '登录', userName: '用户名', password: '密码', cancel: '取消',
    signInMissing: '请输入用户名和密码', badCredentials: '用户名或密码错误，或账号已停用', sessionExpired: '登录已过期，请重新登录',
    roles: { public: '访客', staff: '工作人员', editor: '编辑', admin: '管理员' },
    mMatch: '匹配', historyTitle: '状态历史', historyNone: '暂无状态变更记录', historyOlder: (n) => `另有 ${n} 条更早的记录`,
    sep: '：', retryIn: (n) => `请 ${n} 秒后再试`,
    tabImport: '导入台账',
    impStep1: '选择台账文件', impStep2: '字段对应', impStep3: '预览与问题', impStep4: '确认导入',
    impKind: '台账类型', impChooseFile: '选择文件…', impNoFile: '未选择文件', impFileHint: 'Shapefile（zip）、GeoPackage、GeoJSON、CSV 或 Excel；选择后立即试导入检查，不写入数据',
    impEncoding: '文字编码', impMeridian: '中央经线', impAuto: '自动识别', impSavedMapping: '已保存的字段对应', impSavedNone: '无（按表头识别）',
    impChecking: '正在检查文件…', impFileName: '文件', impFormat: '格式', impCrs: '坐标系', impNotes: '说明',
    impLonLat: 'CGCS2000 经纬度', impSwapped: '，X/Y 互换',
    impGk: (deg, cm, zone) => `CGCS2000 ${deg}度带高斯-克吕格，中央经线 ${cm}°E，${zone == null ? '横坐标不含带号' : `横坐标含带号 ${zone}`}`,
    impCounts: { rows: '行', new: '新增', changed: '更新', unchanged: '未变', rejected: '拒绝', flagged: '标记', retired: '退出' },
    impField: '字段', impColumn: '文件中的列', impUnused: '未使用的列', impSaveAs: '名称，如：国土宗地表', impSave: '保存对应',
    impSaved: (name) => `已保存字段对应“${name}”`, impNameMissing: '请输入字段对应的名称',
    impOk: '通过', impFlagged: '标记', impRejected: '拒绝', impStates: { ok: '通过', flagged: '标记', rejected: '拒绝' },
    impRow: (n) => `第 ${n} 行`, impNoProblems: '没有发现问题',
    impProblemCount: (n, rejected, flagged, zoomable) => `${n} 个问题：${rejected} 行拒绝，${flagged} 行标记${zoomable ? '（点击定位）' : ''}`,
    impMoreFields: (n) => `其他 ${n} 个字段（未对应）`,
    impProblemCodes: {
      unreadable: '无法识别', required: '缺少必填项', 'out-of-range': '超出范围', 'duplicate-code': '编号重复', missing: '没有图形',
      'bad-coordinates': '坐标无法转换', 'not-a-polygon': '不是面', 'outside-china': '不在中国境内', 'outside-zone': '超出投影带',
      'invalid-geometry': '图形无效', repaired: '图形已修复', 'area-mismatch': '面积不符', 'bad-wkt': 'WKT 无法读取', 'point-only': '只有点坐标',
      'too-few-points': '界址点不足', 'no-zone': '不在任何开发区内', 'unknown-zone': '未知开发区', 'unknown-park': '未知园区',
    },
    impRepair: '修复无效图形', impRepairHint: '自相交等无效图形自动修复后导入，并标记；不勾选则拒绝这些行。',
    impRetire: '台账未列出的资源退出可用', impRetireHint: '文件所涉开发区内、本台账未列出的资源改为“已使用”，不再对外提供。',
    impBlocked: (n) => `有 ${n} 行被拒绝：导入是全有或全无的，请修正文件或字段对应后再导入。`, impConfirm: '确认导入',
    impDone: (c, retire) => `已导入：新增 ${c.new}，更新 ${c.changed}，未变 ${c.unchanged}${retire ? `，退出 ${c.retired}` : ''}`,
    impRefused: (n) => `未写入任何数据：有 ${n} 行被拒绝，见下方问题。`,
    exportTitle: '导出当前筛选结果', exportKind: '导出类型', exportGk: '高斯坐标',
    exportHint: '按当前筛选条件导出；高斯坐标为 CGCS2000 3度带投影坐标（米），供测绘和 CAD 使用。',
    exportNoStatus: '未勾选任何状态：没有可导出的资源', exportGeoJsonLonLat: 'GeoJSON 只能是经纬度坐标',
    tabFilters: '资源筛选', tabMatch: '项目匹配', mName: '项目名称', mChain: '产业链', mPollution: '污染类别',
    pc1: '一类（无干扰污染）', pc2: '二类（有一定干扰污染）', pc3: '三类（严重干扰污染）', pcL: '物流仓储',
    mInvestment: '固定资产投资（万元）', mLand: '用地需求（亩）', mFloor: '厂房需求（m²）', mPower: '用电需求（kVA）', mTax: '年税收（万元）',
    mPrice: '地价预算（万元/亩）', mHeight: '层高 ≥（m）', mRent: '租金预算（元/m²/月）', mPool: '匹配范围',
    poolAuto: '按规则（大项目供地、小项目入园）', poolLand: '仅土地', poolFactory: '仅厂房', poolBoth: '土地和厂房', mZone: '限定开发区',
    mSubmit: '保存并匹配', mCandidates: '推荐资源', mNear: '接近满足', mAllocate: '批量配置全部在谈项目',
    zoom: '定位', reserve: '预留', undo: '撤销', reserved: '已预留', score: '得分', route: '分配规则', none: '无',
    allocLand: '土地（精确最优）', allocFactory: '厂房', project: '项目', resource: '资源', unassigned: '未配置', gap: '最优性差距', total: '总分',
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
    errors: {
      network: '无法连接服务器，请检查网络后重试', database: '数据库暂时不可用，请稍后再试', server: '服务器出错，请稍后再试',
      unauthorized: '未登录或登录已过期：请登录', forbidden: '无权执行此操作：请用有权限的账号登录', invalid: '请求有误',
      'invalid-parameter': '查询参数有误', 'unknown-parameter': '未知的查询参数', 'invalid-field': '填写有误', 'invalid-json': '请求格式有误',
      'resource-unavailable': '资源已不可用', 'project-not-found': '项目不存在', 'feature-not-found': '资源不存在',
      'reservation-not-found': '预留记录不存在', 'already-released': '预留已撤销', 'rate-limited': '请求过于频繁',
      'constraint-violated': '数据不符合规则', 'payload-too-large': '文件或请求过大',
      'unreadable-file': '无法读取文件', 'unusable-coordinates': '无法使用文件的坐标', 'unsupported-media-type': '请求格式有误',
      'crs-ambiguous': '无法确定高斯投影带（请先选定一个开发区）', 'export-too-large': '导出数量过多', 'format-unavailable': '服务器不支持此格式',
      'csrf-token-invalid': '登录状态已失效：请刷新页面',
    },
  },
  en: {
    signIn: 'Sign in', signOut: 'Sign out', signInTitle: 'Sign in', userName: 'User name', password: 'Password', cancel: 'Cancel',
    signInMissing: 'Enter your user name and password', badCredentials: 'Wrong user name or password, or the account is disabled', sessionExpired: 'Your session has expired: please sign in again',
    roles: { public: 'Visitor', staff: 'Staff', editor: 'Editor', admin: 'Administrator' },
    mMatch: 'Match', historyTitle: 'Status history', historyNone: 'No status changes recorded', historyOlder: (n) => `${n} earlier ${n === 1 ? 'entry' : 'entries'}`,
    sep: ': ', retryIn: (n) => `try again in ${n} s`,
    tabImport: 'Import ledger',
    impStep1: 'Choose a ledger file', impStep2: 'Column mapping', impStep3: 'Preview and problems', impStep4: 'Import',
    impKind: 'Ledger of', impChooseFile: 'Choose a file…', impNoFile: 'No file chosen', impFileHint: 'Shapefile (zip), GeoPackage, GeoJSON, CSV or Excel; checked at once by a dry run that writes nothing',
    impEncoding: 'Text encoding', impMeridian: 'Central meridian', impAuto: 'Detect', impSavedMapping: 'Saved mapping', impSavedNone: 'None (by the headers)',
    impChecking: 'Checking the file…', impFileName: 'File', impFormat: 'Format', impCrs: 'Coordinates', impNotes: 'Notes',
    impLonLat: 'CGCS2000 lon/lat', impSwapped: ', X/Y swapped',
    impGk: (deg, cm, zone) => `CGCS2000 ${deg}° Gauss–Krüger, CM ${cm}°E, ${zone == null ? 'no zone prefix' : `zone ${zone} prefixed to the easting`}`,
    impCounts: { rows: 'rows', new: 'new', changed: 'updated', unchanged: 'unchanged', rejected: 'rejected', flagged: 'flagged', retired: 'retired' },
    impField: 'Field', impColumn: 'Column in the file', impUnused: 'Unused columns', impSaveAs: 'Mapping name', impSave: 'Save mapping',
    impSaved: (name) => `Mapping “${name}” saved`, impNameMissing: 'Enter a name for the mapping',
    impOk: 'ok', impFlagged: 'flagged', impRejected: 'rejected', impStates: { ok: 'ok', flagged: 'flagged', rejected: 'rejected' },
    impRow: (n) => `Row ${n}`, impNoProblems: 'No problems found',
    impProblemCount: (n, rejected, flagged, zoomable) =>
      `${n} ${n === 1 ? 'problem' : 'problems'}: ${rejected} ${rejected === 1 ? 'row' : 'rows'} rejected, ${flagged} flagged${zoomable ? ' (click to zoom)' : ''}`,
    impMoreFields: (n) => `${n} more fields (not mapped)`,
    impProblemCodes: {
      unreadable: 'unreadable', required: 'required', 'out-of-range': 'out of range', 'duplicate-code': 'duplicate code', missing: 'no geometry',
      'bad-coordinates': 'bad coordinates', 'not-a-polygon': 'not a polygon', 'outside-china': 'outside China', 'outside-zone': 'outside the zone',
      'invalid-geometry': 'invalid geometry', repaired: 'geometry repaired', 'area-mismatch': 'area mismatch', 'bad-wkt': 'unreadable WKT', 'point-only': 'point only',
      'too-few-points': 'too few points', 'no-zone': 'in no zone', 'unknown-zone': 'unknown zone', 'unknown-park': 'unknown park',
    },
    impRepair: 'Repair invalid geometries', impRepairHint: 'Self-intersecting and other invalid outlines are repaired and flagged; otherwise those rows are rejected.',
    impRetire: 'Retire resources the ledger does not list', impRetireHint: 'In the zones the file covers, resources missing from this ledger become "in use" and are no longer offered.',
    impBlocked: (n) => `${n} ${n === 1 ? 'row is' : 'rows are'} rejected: an import is all or nothing, so fix the file or the mapping first.`, impConfirm: 'Import',
    impDone: (c, retire) => `Imported: ${c.new} new, ${c.changed} updated, ${c.unchanged} unchanged${retire ? `, ${c.retired} retired` : ''}`,
    impRefused: (n) => `Nothing was written: ${n} ${n === 1 ? 'row was' : 'rows were'} rejected, see the problems below.`,
    exportTitle: 'Export what the filters show', exportKind: 'Export', exportGk: 'Gauss–Krüger coordinates',
    exportHint: 'Exports with the current filters; Gauss–Krüger: CGCS2000 3° zone coordinates in metres, for surveyors and CAD.',
    exportNoStatus: 'No status ticked: nothing to export', exportGeoJsonLonLat: 'GeoJSON is always lon/lat',
    tabFilters: 'Filters', tabMatch: 'Match a project', mName: 'Project name', mChain: 'Industry chain', mPollution: 'Pollution class',
    pc1: 'Class 1 (no disturbance)', pc2: 'Class 2 (some disturbance)', pc3: 'Class 3 (severe)', pcL: 'Logistics',
    mInvestment: 'Fixed-asset investment (10k CNY)', mLand: 'Land need (mu)', mFloor: 'Floor need (m²)', mPower: 'Power need (kVA)', mTax: 'Annual tax (10k CNY)',
    mPrice: 'Land price budget (10k CNY/mu)', mHeight: 'Floor height ≥ (m)', mRent: 'Rent budget (CNY/m²/month)', mPool: 'Match against',
    poolAuto: 'By rule (big → land, small → factory)', poolLand: 'Land only', poolFactory: 'Factories only', poolBoth: 'Land and factories', mZone: 'Only in zone',
    mSubmit: 'Save and match', mCandidates: 'Candidates', mNear: 'Near misses', mAllocate: 'Allocate all open projects',
    zoom: 'Zoom', reserve: 'Reserve', undo: 'Undo', reserved: 'Reserved', score: 'score', route: 'Rule', none: 'none',
    allocLand: 'Land (exact optimum)', allocFactory: 'Factory space', project: 'Project', resource: 'Resource', unassigned: 'Unassigned', gap: 'optimality gap', total: 'total',
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
    errors: {
      network: 'No connection to the server: check the network and try again', database: 'The database is unavailable: try again shortly',
      server: 'Server error: try again later', unauthorized: 'Not signed in, or the session expired: please sign in',
      forbidden: 'Not allowed: sign in with an account that may do this', invalid: 'Invalid request',
      'invalid-parameter': 'Invalid query', 'unknown-parameter': 'Unknown query parameter', 'invalid-field': 'Invalid input', 'invalid-json': 'Malformed request',
      'resource-unavailable': 'No longer available', 'project-not-found': 'No such project', 'feature-not-found': 'No such resource',
      'reservation-not-found': 'No such reservation', 'already-released': 'Reservation already undone', 'rate-limited': 'Too many requests',
      'constraint-violated': 'The data break a rule', 'payload-too-large': 'File or request too large',
      'unreadable-file': 'The file cannot be read', 'unusable-coordinates': 'The file\'s coordinates cannot be used', 'unsupported-media-type': 'Malformed request',
      'crs-ambiguous': 'No single Gauss–Krüger zone (choose one development zone first)', 'export-too-large': 'Too many rows to export',
      'format-unavailable': 'This server cannot write that format', 'csrf-token-invalid': 'Your session is out of date: reload the page',
    },
  },
};

/**
 * What the page says about a failed request (an ApiError from api.js), in the language of `s`: which of the cases it is
 * (no connection, database unavailable, server error, not allowed, or what was wrong with the request).
 */
export function errorText(s, error) {
  const m = s.errors;
  switch (error?.kind) {
    case 'network': return m.network;
    case 'database': return m.database;
    case 'forbidden': return error.status === 401 ? m.unauthorized : m.forbidden;
    case 'server': return m.server;
    case 'invalid':
      if (error.code === 'rate-limited' && error.retryAfter) return `${m['rate-limited']}${s.sep}${s.retryIn(error.retryAfter)}`;
      return `${m[error.code] ?? m.invalid}${s.sep}${error.message}`;
    default: return `${m.server}${s.sep}${error?.message ?? error}`; // not from the API: a bug in the page
  }
}

export function initialLanguage() {
  const saved = localStorage.getItem('landmap.lang');
  return saved === 'en' || saved === 'zh' ? saved : 'zh';
}
