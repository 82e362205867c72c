/** The dashboard's stylesheet, added to the page by `installStyles`. */
const CSS = `
:root {
  --bg: #eef0f4; --pane: #ffffff; --line: #e3e6ec; --text: #1c2230; --muted: #687083; --faint: #9aa1b1;
  --accent: #4f46e5; --accent-soft: #eef0ff; --mine: #4f46e5; --ok: #16a34a; --warn: #d97706; --bad: #dc2626;
  --radius: 12px; font-size: 14px;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text);
  background: var(--bg);
}
button { font: inherit; cursor: pointer; }
.boot { margin: 40vh auto 0; text-align: center; color: var(--muted); }

.app { display: grid; grid-template-rows: 56px 1fr; height: 100vh; }
.topbar { display: flex; align-items: center; gap: 18px; padding: 0 20px; background: #161a2b; color: #e8eaf2; }
.brand { font-weight: 650; letter-spacing: .2px; display: flex; align-items: center; gap: 10px; }
.brand .logo { width: 26px; height: 26px; border-radius: 8px; background: linear-gradient(135deg, #6366f1, #22d3ee); }
.brand small { font-weight: 400; color: #9aa3c0; }
.spacer { flex: 1; }
.stat { display: flex; align-items: center; gap: 8px; color: #c9cde0; font-size: 13px; }
.stat b { color: #fff; font-variant-numeric: tabular-nums; font-weight: 600; }
.spark { display: flex; align-items: flex-end; gap: 2px; height: 22px; }
.spark i { display: block; width: 3px; background: #6366f1; border-radius: 1px; min-height: 1px; }
.pill {
  display: inline-flex;
  align-items: center;
  gap: 7px;
  padding: 4px 11px;
  border-radius: 999px;
  font-size: 12.5px;
  font-weight: 600;
  background: #262b40;
}
.pill::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--faint); }
.pill[data-state="connected"]::before { background: #22c55e; box-shadow: 0 0 0 3px rgba(34,197,94,.2); }
.pill[data-state="connecting"]::before, .pill[data-state="unknown"]::before {
  background: #f59e0b;
  animation: pulse 1s infinite;
}
.pill[data-state="disconnected"]::before, .pill[data-state="denied"]::before { background: #ef4444; }
@keyframes pulse { 50% { opacity: .3; } }
.me { display: flex; align-items: center; gap: 8px; font-size: 13px; color: #c9cde0; }

.main { display: grid; grid-template-columns: 300px 1fr 270px; min-height: 0; gap: 1px; background: var(--line); }
.pane { background: var(--pane); min-height: 0; display: flex; flex-direction: column; }
.pane-head { padding: 16px 18px 12px; border-bottom: 1px solid var(--line); }
.pane-head h2 { margin: 0; font-size: 15px; font-weight: 650; }
.pane-head .sub { color: var(--muted); font-size: 12.5px; margin-top: 3px; min-height: 17px; }
.scroll { overflow-y: auto; flex: 1; min-height: 0; }

.convs { padding: 6px; }
.conv {
  display: grid;
  grid-template-columns: 40px 1fr auto;
  gap: 10px;
  align-items: center;
  padding: 10px;
  border-radius: 10px;
  cursor: pointer;
}
.conv:hover { background: #f5f6fa; }
.conv.open { background: var(--accent-soft); }
.conv .info { min-width: 0; }
.conv .title { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.conv .preview {
  color: var(--muted);
  font-size: 12.5px;
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
  margin-top: 2px;
}
.conv .side { display: flex; flex-direction: column; align-items: flex-end; gap: 5px; }
.conv .when { color: var(--faint); font-size: 11.5px; }
.badge {
  min-width: 20px;
  height: 20px;
  padding: 0 6px;
  border-radius: 10px;
  background: var(--accent);
  color: #fff;
  font-size: 11.5px;
  font-weight: 700;
  display: inline-flex;
  align-items: center;
  justify-content: center;
}
.badge[hidden] { display: none; }
.conv.unread .title { color: #0f1422; }
.room-icon {
  width: 40px;
  height: 40px;
  border-radius: 11px;
  display: flex;
  align-items: center;
  justify-content: center;
  color: #fff;
  font-weight: 700;
}

.messages { padding: 18px 22px 8px; display: flex; flex-direction: column; gap: 10px; }
.empty { color: var(--faint); text-align: center; margin: auto; padding: 40px; }
.msg { display: flex; gap: 10px; align-items: flex-end; max-width: 78%; }
.msg.mine { align-self: flex-end; flex-direction: row-reverse; }
.avatar {
  width: 32px;
  height: 32px;
  border-radius: 50%;
  color: #fff;
  font-size: 12px;
  font-weight: 700;
  display: flex;
  align-items: center;
  justify-content: center;
  flex: none;
  position: relative;
}
.msg.mine .avatar { display: none; }
.msg.continued { margin-top: -6px; }
.msg.continued .avatar { visibility: hidden; height: 0; }
.msg.continued .bubble .meta { display: none; }
.msg.continued:not(.mine) .bubble { border-top-left-radius: 4px; }
.bubble { background: #f1f3f7; border-radius: 14px 14px 14px 4px; padding: 8px 12px 7px; min-width: 90px; }
.msg.mine .bubble { background: var(--mine); color: #fff; border-radius: 14px 14px 4px 14px; }
.bubble .meta { display: flex; gap: 8px; align-items: baseline; font-size: 12px; margin-bottom: 2px; }
.bubble .author { font-weight: 650; }
.msg.mine .bubble .author { display: none; }
.bubble .time { color: var(--faint); font-size: 11px; }
.msg.mine .bubble .time { color: #c7c9f9; }
.bubble .body { white-space: pre-wrap; word-wrap: break-word; line-height: 1.4; }
.bubble .status { font-size: 11px; margin-top: 3px; text-align: right; color: #c7c9f9; }
.msg.pending .bubble { opacity: .65; }
.msg.failed .bubble { background: #fee2e2; color: #7f1d1d; }
.msg.failed .bubble .status { color: var(--bad); }
.status button {
  background: none;
  border: 0;
  padding: 0 0 0 6px;
  color: inherit;
  text-decoration: underline;
  font-size: 11px;
}
.status .read { color: #a7f3d0; }
.attachment { display: block; margin-top: 6px; border-radius: 8px; max-width: 260px; max-height: 180px; }
.file {
  display: inline-block;
  margin-top: 6px;
  padding: 4px 8px;
  border-radius: 6px;
  background: rgba(0,0,0,.06);
  font-size: 12px;
}

.typing-line { color: var(--accent); font-size: 12.5px; }
.composer { display: flex; gap: 10px; padding: 12px 16px 16px; border-top: 1px solid var(--line); }
.composer input {
  flex: 1;
  border: 1px solid var(--line);
  border-radius: 10px;
  padding: 11px 14px;
  font: inherit;
  outline: none;
  background: #fafbfc;
}
.composer input:focus { border-color: var(--accent); background: #fff; box-shadow: 0 0 0 3px var(--accent-soft); }
.composer button {
  border: 0;
  border-radius: 10px;
  padding: 0 18px;
  background: var(--accent);
  color: #fff;
  font-weight: 600;
}
.composer button:disabled, .composer input:disabled { opacity: .5; cursor: default; }

.people { padding: 8px 10px; }
.person { display: flex; align-items: center; gap: 10px; padding: 8px; border-radius: 8px; }
.person .avatar::after {
  content: "";
  position: absolute;
  right: -1px;
  bottom: -1px;
  width: 10px;
  height: 10px;
  border-radius: 50%;
  border: 2px solid #fff;
  background: #c5cad6;
}
.person[data-online="true"] .avatar::after { background: #22c55e; }
.person .who { flex: 1; min-width: 0; }
.person .name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.person .detail { color: var(--muted); font-size: 12px; }
.person .typing { color: var(--accent); font-weight: 600; }
.role { font-size: 10.5px; text-transform: uppercase; letter-spacing: .5px; color: var(--faint); }
.about {
  margin: 10px 16px 16px;
  padding: 12px 14px;
  border-radius: 10px;
  background: #f6f7fb;
  color: var(--muted);
  font-size: 12px;
  line-height: 1.5;
}
.about code { font-size: 11.5px; color: #3730a3; }
.reply-to { font-size: 12px; opacity: .75; border-left: 3px solid currentColor; padding-left: 6px; margin-bottom: 4px; }
.reply-to[hidden] { display: none; }
.reactions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.chip {
  font: inherit;
  font-size: 12px;
  border: 1px solid #d5d8e6;
  background: #fff;
  color: #333;
  border-radius: 10px;
  padding: 0 6px;
  cursor: pointer;
}
.chip.mine { border-color: #6366f1; background: #eef; }
.finder { position: relative; }
.search {
  font: inherit;
  font-size: 13px;
  padding: 4px 8px;
  border-radius: 8px;
  border: 1px solid #d5d8e6;
  width: 220px;
}
.hits {
  position: absolute;
  right: 0;
  top: 32px;
  width: 360px;
  max-height: 320px;
  overflow: auto;
  background: #fff;
  color: #222;
  border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0,0,0,.18);
  z-index: 10;
}
.hits[hidden] { display: none; }
.hit { padding: 8px 12px; font-size: 13px; cursor: pointer; border-bottom: 1px solid #f0f1f5; }
.hit mark { background: #fde68a; }
`;

/** Adds the stylesheet to the document once. */
export function installStyles(): void {
  if (document.getElementById('rxc-demo-styles')) return;
  const style = document.createElement('style');
  style.id = 'rxc-demo-styles';
  style.textContent = CSS;
  document.head.append(style);
}
