// The record page's verify badge: runs ./verify.js on load (and on the button), shows the result
// and every step it checked.
import { verifyRecord } from './verify.js';

const T = {
  zh: {
    running: '验证中……', pass: '验证通过', fail: '验证失败', pending: '尚未收录进检查点，请稍后再试', unsupported: '此浏览器不支持 Ed25519 签名验证', unavailable: '本服务器未提供证明接口（/v1/proofs/），无法验证', again: '重新验证',
    'checkpoint-signature': (s) => `签名检查点 ${s.origin} #${s.size}：签名${s.ok ? '有效' : '无效'}（公钥 ${s.key}）`,
    'event-hash': (s) => `事件 …${s.eventId.slice(-8)}：账本中的事件内容${s.ok ? '与本页哈希一致' : `与本页哈希不一致（账本 ${String(s.found).slice(0, 12)}…，本页 ${String(s.expected).slice(0, 12)}…）`}`,
    'event-included': (s) => (s.error ? `事件 …${s.eventId.slice(-8)}：无法取得收录证明（${s.error}）` : `事件 …${s.eventId.slice(-8)}：${s.ok ? '已' : '未能证明'}收录于默克尔树（叶 ${s.leafIndex} / ${s.treeSize}）`),
    'values-match': (s) => (s.ok ? `公开内容 ${s.compared} 个字段与账本一致` : `公开内容与账本不一致：${s.differ.join('、')}`) + (s.skipped.length ? `（依法脱敏字段未比对：${s.skipped.join('、')}）` : ''),
    fetch: (s) => `无法完成验证：${s.error}`,
  },
  en: {
    running: 'Checking…', pass: 'Verified', fail: 'Verification failed', pending: 'Not in a checkpoint yet; try again shortly', unsupported: 'This browser cannot check Ed25519 signatures', unavailable: 'This server does not serve the proof endpoints (/v1/proofs/): nothing to check against', again: 'Check again',
    'checkpoint-signature': (s) => `Signed checkpoint ${s.origin} #${s.size}: signature ${s.ok ? 'valid' : 'INVALID'} (key ${s.key})`,
    'event-hash': (s) => `Event …${s.eventId.slice(-8)}: the logged event ${s.ok ? 'matches the hash on this page' : `does NOT match the hash on this page (log ${String(s.found).slice(0, 12)}…, page ${String(s.expected).slice(0, 12)}…)`}`,
    'event-included': (s) => (s.error ? `Event …${s.eventId.slice(-8)}: no inclusion proof (${s.error})` : `Event …${s.eventId.slice(-8)}: ${s.ok ? 'included' : 'NOT proven included'} in the Merkle tree (leaf ${s.leafIndex} of ${s.treeSize})`),
    'values-match': (s) => (s.ok ? `All ${s.compared} fields shown match the log` : `Fields differ from the log: ${s.differ.join(', ')}`) + (s.skipped.length ? ` (masked personal data not compared: ${s.skipped.join(', ')})` : ''),
    fetch: (s) => `Could not complete the check: ${s.error}`,
  },
};

const box = document.querySelector('aside.verify[data-record-id]');
if (box) {
  const t = T[box.dataset.lang === 'en' ? 'en' : 'zh'];
  const badge = box.querySelector('#verify-badge');
  const button = box.querySelector('#verify-run');
  const list = box.querySelector('#verify-steps');
  const run = async () => {
    button.disabled = true;
    badge.className = 'badge badge-running';
    badge.dataset.verify = 'running';
    badge.textContent = t.running;
    list.replaceChildren();
    let report;
    try {
      report = await verifyRecord(box.dataset.recordId);
    } catch (e) {
      report = { ok: false, steps: [{ name: 'fetch', ok: false, error: String(e?.message ?? e) }] };
    }
    const pending = !report.ok && report.steps.some((s) => s.error === 'not-yet-notarized') && report.steps.every((s) => s.ok || s.error === 'not-yet-notarized');
    const unsupported = !report.ok && report.steps.some((s) => s.name === 'fetch' && /Ed25519|NotSupported|Unrecognized/i.test(s.error ?? ''));
    // a portal served without the notary's endpoints (scale-out without the proxy route) cannot check
    const unavailable = !report.ok && report.steps.length === 1 && /^\/v1\/proofs\/(key|checkpoint): HTTP 404/.test(report.steps[0].error ?? '');
    badge.dataset.verify = report.ok ? 'pass' : pending ? 'pending' : unavailable ? 'unavailable' : 'fail';
    badge.className = `badge badge-${unavailable ? 'pending' : badge.dataset.verify}`;
    badge.textContent = report.ok ? `✓ ${t.pass}` : pending ? t.pending : unavailable ? t.unavailable : unsupported ? t.unsupported : `✗ ${t.fail}`;
    for (const s of report.steps) {
      const li = document.createElement('li');
      li.className = s.ok ? 'ok' : 'bad';
      li.dataset.step = s.name;
      li.textContent = `${s.ok ? '✓' : '✗'} ${t[s.name] ? t[s.name](s) : s.name}`;
      list.append(li);
      if (s.eventId && (s.name === 'event-hash' || s.name === 'event-included')) {
        const mark = document.querySelector(`[data-check-for="${s.eventId}"]`);
        if (mark && !(mark.dataset.ok === 'false')) {
          mark.dataset.ok = String(s.ok);
          mark.textContent = s.ok ? '✓' : '✗';
        }
      }
    }
    button.textContent = t.again;
    button.disabled = false;
  };
  button.hidden = false;
  button.addEventListener('click', run);
  run();
}
