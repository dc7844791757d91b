// Helpers of the citizens' pages. Text only: nothing is inserted as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

function element(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

async function getJson(path) {
  try {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    return { status: res.status, data: await res.json().catch(() => ({})) };
  } catch {
    return { status: 0, data: {} };
  }
}

const errorText = (r) => r.data?.error?.message || (r.status === 0 ? 'Không kết nối được; kiểm tra mạng rồi thử lại.' : 'Có lỗi xảy ra; vui lòng thử lại.');

function say(text, ok = false) {
  const m = $('message');
  m.textContent = text;
  m.className = ok ? 'ok' : '';
}

const vnDateTime = (iso) => (iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) : '');
const money = (n) => `${Number(n).toLocaleString('vi-VN')} đồng`;
const param = (name) => new URLSearchParams(location.search).get(name);
const procedureLink = (p) => element('a', { href: `/thu-tuc/?ma=${encodeURIComponent(p.code)}`, textContent: p.name });

// Papers sent with a dossier: PDF, JPG or PNG, at most 5 MB each; checked
// before sending, the server checks again.
const MAX_FILE = 5 * 1024 * 1024;
const FILE_TYPES = /\.(pdf|jpe?g|png)$/i;
const FILE_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

function fileProblem(f) {
  if (!f) return '';
  if (f.size > MAX_FILE) return `Tệp ${f.name} lớn hơn 5 MB; hãy chụp lại nhỏ hơn.`;
  if (!FILE_TYPES.test(f.name)) return `Tệp ${f.name} không nhận được: chỉ nhận PDF, JPG hoặc PNG.`;
  return '';
}

// Shows a problem (or nothing) beside a field: the paragraph described by it.
function fieldError(input, note, problem) {
  note.textContent = problem;
  input.setAttribute('aria-invalid', problem ? 'true' : 'false');
}

// A file field with its note beside it: what was chosen, or what is wrong
// with it (the wrong file is not kept). Returns [label, input, note].
function fileField(id, labelText, hint = '') {
  const input = element('input', { type: 'file', accept: FILE_ACCEPT, id });
  const note = element('p', { id: `${id}-note`, className: 'hint', textContent: hint });
  note.setAttribute('aria-live', 'polite');
  input.setAttribute('aria-describedby', note.id);
  input.addEventListener('change', () => {
    const f = input.files[0];
    const problem = fileProblem(f);
    note.className = problem ? 'error' : 'hint';
    note.textContent = problem || (f ? `Đã chọn ${f.name} (${Math.ceil(f.size / 1024)} KB).` : hint);
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (problem) input.value = '';
  });
  return [element('label', { htmlFor: id, textContent: labelText }), input, note];
}

// Marks a file field's note with a problem the server found.
function fileFieldError(input, problem) {
  const note = $(`${input.id}-note`);
  note.className = 'error';
  fieldError(input, note, problem);
}

// Posts a form with its files by XMLHttpRequest, not fetch: it reports the
// upload's progress in the given <progress>. Resolves to { status, data };
// status 0 when the connection failed.
function sendForm(url, body, progress, headers = {}) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (progress) {
      progress.value = 0;
      progress.hidden = false;
      xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total); });
    }
    xhr.addEventListener('load', () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON: no details */ }
      resolve({ status: xhr.status, data });
    });
    xhr.addEventListener('error', () => resolve({ status: 0, data: {} }));
    xhr.send(body);
  });
}
