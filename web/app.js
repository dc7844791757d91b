// Fills the landing page from the API. Text only: nothing is inserted as HTML.
'use strict';

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(res.status);
  return res.json();
}

function showUnits(items) {
  const list = document.getElementById('units');
  list.replaceChildren();
  for (const unit of items) {
    const li = document.createElement('li');
    li.textContent = unit.name + ' (' + unit.agency_code + ')';
    list.append(li);
  }
  const commune = items.find((u) => u.parent_id === null);
  if (commune) document.getElementById('commune').textContent = commune.name;
}

async function main() {
  try {
    showUnits((await getJson('/api/v1/units')).items);
  } catch {
    document.getElementById('units').textContent = 'Không tải được danh sách đơn vị.';
  }
  try {
    await getJson('/healthz');
    document.getElementById('health').textContent = 'Hệ thống hoạt động bình thường.';
  } catch {
    document.getElementById('health').textContent = 'Hệ thống đang gặp sự cố.';
  }
}

main();
