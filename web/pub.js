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
