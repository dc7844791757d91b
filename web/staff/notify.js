// Notifications for administrators and leaders: the Vietnamese templates
// (edited by the administrator) and the outbox with its dead letters. Uses
// $, api, say, show, errorText from staff.js and element from catalog.js.
'use strict';

const EVENTS = {
  received: 'Tiếp nhận hồ sơ', supplement: 'Yêu cầu bổ sung', result_ready: 'Có kết quả', apology: 'Xin lỗi và hẹn lại',
};
const OUTBOX_STATES = { pending: 'chờ gửi', sent: 'đã gửi', dead: 'gửi không được (thư chết)' };
const CHANNELS = { email: 'Thư điện tử', webhook: 'Tin nhắn (cổng SMS/Zalo)' };

function templateForm(t, placeholders) {
  const subject = element('input', { value: t.subject, required: true, maxLength: 300 });
  const body = element('textarea', { value: t.body, rows: 6, required: true, maxLength: 4000 });
  const form = element('form', { className: 'template' },
    element('h4', { textContent: EVENTS[t.event] || t.event }),
    ...labelled('Tiêu đề', subject), ...labelled('Nội dung', body),
    element('p', { className: 'hint', textContent: `Chỗ điền được dùng: ${placeholders.map((p) => `{${p}}`).join(', ')}. Sửa lần cuối: ${t.updated_by}.` }),
    element('button', { type: 'submit', textContent: `Lưu mẫu „${EVENTS[t.event] || t.event}“` }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await api('PUT', `/api/v1/notification-templates/${t.event}`, { subject: subject.value, body: body.value });
    if (r.status !== 200) { say(errorText(r)); return; }
    say(`Đã lưu mẫu thông báo „${EVENTS[t.event]}“.`, true);
  });
  return form;
}

async function showTemplates() {
  const isAdmin = me.roles.some((g) => g.role === 'admin');
  $('nt-templates-box').hidden = !isAdmin;
  if (!isAdmin) return;
  const r = await api('GET', '/api/v1/notification-templates');
  if (r.status !== 200) { say(errorText(r)); return; }
  $('nt-templates').replaceChildren(...r.data.items.map((t) => templateForm(t, r.data.placeholders)));
}

async function showOutbox() {
  const status = $('nt-status').value;
  const r = await api('GET', `/api/v1/notifications${status ? `?status=${status}` : ''}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  $('nt-table').tBodies[0].replaceChildren(...r.data.items.map((n) => {
    const tr = element('tr', { className: n.status === 'dead' ? 'overdue' : '' });
    const link = element('a', { href: `#dossier/${encodeURIComponent(n.code)}`, textContent: n.code });
    tr.append(element('td', {}, link), element('td', { textContent: EVENTS[n.event] || n.event }),
      element('td', { textContent: `${CHANNELS[n.channel] || n.channel}: ${n.recipient}` }),
      element('td', { textContent: OUTBOX_STATES[n.status] || n.status }), element('td', { textContent: String(n.attempts) }),
      element('td', { textContent: n.last_error || '' }));
    return tr;
  }));
  $('nt-empty').hidden = r.data.items.length > 0;
}

async function openNotifications() {
  show('notifications');
  await Promise.all([showTemplates(), showOutbox()]);
}

$('nt-status').addEventListener('change', showOutbox);
