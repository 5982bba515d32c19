// The attributes an editor may change, per kind, with their input type and unit: the API's camelCase property names
// (as the items output). Labels come from i18n `p` (the popup's labels), units from i18n `units`. Area is not here: the
// API computes it from the outline.

export const RECORD_FIELDS = {
  parcel: [
    { key: 'address', type: 'text' },
    { key: 'landUse', type: 'landUse' },
    { key: 'ledgerAreaMu', type: 'number', unit: 'mu' },
    { key: 'plotRatioMin', type: 'number' },
    { key: 'plotRatioMax', type: 'number' },
    { key: 'buildingCoverageMin', type: 'number', unit: 'percent' },
    { key: 'greenRatioMax', type: 'number', unit: 'percent' },
    { key: 'heightLimitM', type: 'number', unit: 'm' },
    { key: 'minInvestmentWanPerMu', type: 'number', unit: 'wanPerMu' },
    { key: 'minTaxWanPerMu', type: 'number', unit: 'wanPerMuYear' },
    { key: 'priceWanPerMu', type: 'number', unit: 'wanPerMu' },
    { key: 'powerKva', type: 'number', unit: 'kva' },
    { key: 'industryChains', type: 'list' },
    { key: 'readiness', type: 'text' },
    { key: 'water', type: 'bool' },
    { key: 'gas', type: 'bool' },
    { key: 'heat', type: 'bool' },
    { key: 'ownership', type: 'ownership' },
    { key: 'owner', type: 'text' },
    { key: 'idleSince', type: 'date' },
    { key: 'idleReason', type: 'text' },
    { key: 'contact', type: 'text' },
  ],
  factory: [
    { key: 'name', type: 'text' },
    { key: 'address', type: 'text' },
    { key: 'totalFloorM2', type: 'number', unit: 'm2' },
    { key: 'vacantFloorM2', type: 'number', unit: 'm2' },
    { key: 'floors', type: 'number', step: '1' },
    { key: 'floorHeightM', type: 'number', unit: 'm' },
    { key: 'floorLoadKnM2', type: 'number', unit: 'kn' },
    { key: 'craneT', type: 'number', unit: 't' },
    { key: 'powerKva', type: 'number', unit: 'kva' },
    { key: 'rentYuanM2Month', type: 'number', unit: 'rent' },
    { key: 'salePriceYuanM2', type: 'number', unit: 'sale' },
    { key: 'contact', type: 'text' },
  ],
};

/** Statuses an editor may set in the form (retiring has its own action, with a note). */
export const EDITABLE_STATUSES = ['idle', 'negotiating', 'reserved', 'allocated', 'in_use'];

/** The collection (URL segment) of a kind. */
export const COLLECTION = { parcel: 'parcels', factory: 'factories' };

/** A form control's value as the API takes it: numbers as numbers, '' as null, lists split on 、，, or ;. */
export function readField(field, control) {
  if (field.type === 'bool') return control.value === '' ? null : control.value === 'true';
  const text = control.value.trim();
  if (text === '') return null;
  if (field.type === 'number') return Number(text);
  if (field.type === 'list') return text.split(/[、，,;；]\s*/).map((x) => x.trim()).filter(Boolean);
  return text;
}

/** A property's value as the form shows it. */
export function formValue(field, value) {
  if (value == null) return '';
  if (field.type === 'list') return value.join('、');
  return String(value);
}

/** True when two property values are the same: lists by their items, and an empty list or text is no value. */
export function sameValue(a, b) {
  const norm = (v) => (v === '' || (Array.isArray(v) && v.length === 0) ? null : v ?? null);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
