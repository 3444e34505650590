// The pilot's console: an ordinary MQTT client over WebSocket. It subscribes to one vehicle's feeds, alarms, metrics and
// status, and publishes nothing but alarm acknowledgements (rov/{v}/alarms/ack). Topics and payloads: docs/topics.md.
import mqtt from '../vendor/mqtt/mqtt.esm.js';
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { Panel } from './panel.js';
import { ImagePainter, drawPolarOverlay } from './images.js';

const $ = (id) => document.getElementById(id);
const text = (id, value) => { $(id).textContent = value; };
const fixed = (v, digits) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');
const decoder = new TextDecoder();

// Stale floors and ceilings, s: the bridge's own stale-alarm defaults (altimeter 2/10, imaging sonar 3/15, slurry 5/30);
// the scanning sonar, side-scan and metrics expire after 5 s.
const panels = {
  fan: new Panel('fan', 3, 15),
  scan: new Panel('scan', 5, 15),
  waterfall: new Panel('waterfall', 5, 15),
  altitude: new Panel('altitude', 2, 10),
  slurry: new Panel('slurry', 5, 30),
  alarms: new Panel('alarms', 1e9, 1e9),
  health: new Panel('health', 5, 10),
};

const state = {
  config: null, client: null, vehicle: null, vehicles: new Set(),
  fanGeometry: null, fanObstacles: { obstacles: [], nearest: null, corridor: null },
  scanObstacles: null, lastMetrics: null, alarmNames: new Set(), altitude: { t: [], v: [], floor: [] },
  fanStampNs: null, fanLatencyMs: [],
  // performance.now() of the first connection and of each topic's first message: how long a pilot who opens the page
  // mid-dive waits for each panel (the browser tests).
  connectedAt: null, firstAt: {},
};
// For the browser tests and the latency measurement: what the page did, without reaching into its internals.
window.rovConsole = { state, panels, ready: false, acks: 0 };

// A feed time is Foxglove's {sec, nsec} (docs/topics.md): ns since the epoch as a double (to about 0.25 µs, which is
// all a latency in ms or a clock time needs); null when it is not one.
function timeNs(t) {
  return t && Number.isFinite(t.sec) && Number.isFinite(t.nsec) ? t.sec * 1e9 + t.nsec : null;
}

// Raw frame to painted fan: the image carries no stamp, but the bridge publishes a frame's obstacles (with its "t", the
// raw frame's acquisition time) just before its fan image, so an image is paired with the multibeam stamp last seen when
// it arrived; measured against the epoch clock of this machine (performance.timeOrigin + performance.now()).
const fanPainter = new ImagePainter($('fan').querySelector('canvas'),
  (stampNs) => {
    panels.fan.fresh();
    if (stampNs !== null) {
      state.fanLatencyMs.push(performance.timeOrigin + performance.now() - stampNs / 1e6);
      if (state.fanLatencyMs.length > 10000) state.fanLatencyMs.shift();
    }
  },
  (why) => panels.fan.malformed(why));
const scanPainter = new ImagePainter($('scan').querySelector('canvas'), () => panels.scan.fresh(), (why) => panels.scan.malformed(why));
const waterfallPainter = new ImagePainter($('waterfall').querySelector('canvas'), () => panels.waterfall.fresh(), (why) => panels.waterfall.malformed(why));

let chart = null;
function makeChart() {
  const el = $('altitude-chart');
  chart = new uPlot({
    width: Math.max(300, el.clientWidth || 360), height: 160,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(2, max * 1.1)] } },
    axes: [{ stroke: '#7d8b97', grid: { stroke: '#243240' } }, { stroke: '#7d8b97', grid: { stroke: '#243240' } }],
    series: [{}, { label: 'altitude m', stroke: '#4fb3ff', width: 2 }, { label: 'floor', stroke: '#ff3b30', dash: [6, 4], width: 1.5 }],
    legend: { show: false },
  }, [[], [], []], el);
}

function fanOverlay() {
  const g = state.fanGeometry;
  if (!g) return null;
  const f = state.fanObstacles;
  const maxRangeM = g.originY * g.mPerPx;
  return (ctx) => drawPolarOverlay(ctx, g, f.obstacles, f.nearest, f.corridor, maxRangeM, [-60, -30, 0, 30, 60], false);
}

function scanOverlay(width) {
  const s = state.scanObstacles;
  if (!s || !(s.imageRangeM > 0)) return null;
  const g = { originX: width / 2, originY: width / 2, mPerPx: s.imageRangeM / (width / 2) };
  return (ctx) => drawPolarOverlay(ctx, g, s.obstacles || [], s.nearest, null, s.imageRangeM, [0, 90, 180, -90], true);
}

function json(payload, panel) {
  try {
    const value = JSON.parse(decoder.decode(payload));
    if (value === null || typeof value !== 'object') throw new Error('not a JSON object');
    return value;
  } catch (e) {
    panel.malformed('not JSON: ' + e.message);
    return null;
  }
}

function need(value, fields, panel) {
  for (const f of fields) {
    if (!(f in value)) {
      panel.malformed(`no "${f}" field`);
      return false;
    }
  }
  return true;
}

const handlers = {
  fan(sensor, payload) { fanPainter.push(payload, state.fanStampNs); panels.fan.sensorEl.textContent = sensor; },
  scan(sensor, payload) { scanPainter.push(payload, performance.now()); panels.scan.sensorEl.textContent = sensor; },
  waterfall(sensor, payload) { waterfallPainter.push(payload, performance.now()); panels.waterfall.sensorEl.textContent = sensor; },
  obstacles(sensor, payload) {
    // Multibeam obstacles carry the fan's geometry; the scanning sonar's carry its step angle and image range.
    const scanning = decoder.decode(payload).includes('"angleGrad"');
    const panel = scanning ? panels.scan : panels.fan;
    const o = json(payload, panel);
    // "nearest" is left out when no obstacle is in the corridor (docs/topics.md).
    if (!o || !need(o, ['obstacles'], panel) || !Array.isArray(o.obstacles)) {
      if (o) panel.malformed('"obstacles" is not a list');
      return;
    }
    const nearest = o.nearest ? `${fixed(o.nearest.rangeM, 1)} m at ${fixed(o.nearest.bearingDeg, 0)}°` : 'none';
    if (scanning) {
      state.scanObstacles = o;
      text('scan-nearest', nearest);
      text('scan-range', fixed(o.imageRangeM, 0) + ' m');
      scanPainter.setOverlay(scanOverlay(scanPainter.canvas.width));
    } else {
      const ns = timeNs(o.t);
      if (ns !== null) state.fanStampNs = ns;
      if (o.fan) state.fanGeometry = { originX: o.fan.originColumn, originY: o.fan.originRow, mPerPx: o.fan.metresPerPixel };
      state.fanObstacles = { obstacles: o.obstacles, nearest: o.nearest, corridor: o.corridor };
      text('fan-nearest', nearest);
      text('fan-count', String(o.count ?? o.obstacles.length));
      fanPainter.setOverlay(fanOverlay());
    }
  },
  sidescan(sensor, payload) {
    const s = json(payload, panels.waterfall);
    // A number that is not finite is left out of a feed (docs/topics.md): only the always-present fields are required.
    if (!s || !need(s, ['targets'], panels.waterfall)) return;
    text('sidescan-altitude', fixed(s.altitudeM, 1) + ' m (' + s.altitudeSource + ')');
    text('sidescan-targets', s.targets.length === 0 ? 'none'
      : s.targets.map((t) => `${t.side} ${fixed(t.groundRangeM, 1)} m, ${fixed(t.heightM, 1)} m high`).join('; '));
  },
  altitude(sensor, payload) {
    const a = json(payload, panels.altitude);
    if (!a || !need(a, ['state'], panels.altitude)) return;
    text('altitude-value', fixed(a.altitudeM, 2));
    text('altitude-state', a.state);
    text('altitude-confidence', fixed(a.confidence, 2));
    const h = state.altitude;
    const now = Date.now() / 1000;
    h.t.push(now); h.v.push(Number.isFinite(a.altitudeM) ? a.altitudeM : null); h.floor.push(state.config.altitudeFloorM);
    while (h.t.length && h.t[0] < now - 120) { h.t.shift(); h.v.shift(); h.floor.shift(); }
    h.dirty = true;
    panels.altitude.fresh(performance.now(), sensor);
  },
  slurry(sensor, payload) {
    const s = json(payload, panels.slurry);
    if (!s || !need(s, ['clogStage', 'faults'], panels.slurry)) return;
    text('slurry-flow', fixed(s.flowM3h, 1));
    text('slurry-density', fixed(s.densityKgM3, 1));
    text('slurry-cv', fixed(s.cv, 4));
    text('slurry-dry-tph', fixed(s.drySolidsTph, 2));
    text('slurry-today', fixed(s.dryTonnesToday, 2));
    text('slurry-projected', fixed(s.projectedDryTonnes, 1));
    text('slurry-clog-stage', s.clogStage);
    text('slurry-clog-level', fixed(s.clogLevel, 2));
    const target = 350;
    $('slurry-progress').style.width = Math.min(100, 100 * (s.dryTonnesToday ?? 0) / target) + '%';
    $('slurry-projection').style.left = Math.min(100, 100 * (s.projectedDryTonnes ?? 0) / target) + '%';
    panels.slurry.fresh(performance.now(), sensor);
  },
};

function onAlarmsActive(payload) {
  const a = json(payload, panels.alarms);
  if (!a || !need(a, ['active'], panels.alarms) || !Array.isArray(a.active)) return;
  const rows = [...a.active, ...(Array.isArray(a.returned) ? a.returned : [])];
  const rank = { critical: 0, warning: 1, info: 2 };
  rows.sort((x, y) => (rank[x.severity] ?? 3) - (rank[y.severity] ?? 3) || (timeNs(y.raisedT) ?? 0) - (timeNs(x.raisedT) ?? 0));
  const body = $('alarm-list');
  body.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement('tr');
    const alarmState = r.state ?? 'unacknowledged';
    tr.className = `${r.severity} ${alarmState}`;
    tr.dataset.alarm = r.alarm;
    tr.dataset.state = alarmState;
    const raisedNs = timeNs(r.raisedT);
    const raised = raisedNs ? new Date(raisedNs / 1e6).toISOString().slice(11, 19) + ' UTC' : '–';
    for (const v of [r.severity, r.alarm, alarmState, raised]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    const td = document.createElement('td');
    const button = document.createElement('button');
    button.textContent = 'Ack';
    button.disabled = alarmState === 'acknowledged';
    button.addEventListener('click', () => acknowledge(r.alarm));
    td.append(button);
    tr.append(td);
    body.append(tr);
  }
  $('alarm-none').hidden = rows.length > 0;
  panels.alarms.fresh();
}

function onAlarmEvents(payload) {
  const e = json(payload, panels.alarms);
  if (!e || !Array.isArray(e.events)) return;
  const log = $('alarm-log');
  for (const ev of e.events) {
    const li = document.createElement('li');
    li.textContent = `${new Date().toISOString().slice(11, 19)} ${ev.transition} ${ev.alarm} (${ev.severity})`;
    log.prepend(li);
    if (ev.transition === 'raised' && ev.severity === 'critical') cue();
  }
  while (log.children.length > 100) log.lastChild.remove();
}

// A new critical alarm: the panel flashes and a tone sounds (if the browser lets the page play audio).
function cue() {
  const el = $('alarms');
  el.classList.add('new-critical');
  setTimeout(() => el.classList.remove('new-critical'), 3000);
  try {
    const audio = cue.audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  } catch { /* no audio: the visual cue stands */ }
}

function acknowledge(alarm) {
  if (!state.client || !state.vehicle) return;
  state.client.publish(`rov/${state.vehicle}/alarms/ack`, JSON.stringify({ alarm }), { qos: 1 });
  window.rovConsole.acks++;
}

function onMetrics(payload) {
  const m = json(payload, panels.health);
  if (!m || !need(m, ['rawReceived', 'processingUs', 'endToEndUs'], panels.health)) return;
  const now = performance.now();
  if (state.lastMetrics) {
    const dt = (now - state.lastMetrics.at) / 1000;
    text('health-rate', dt > 0 ? fixed((m.rawReceived - state.lastMetrics.raw) / dt, 0) : '–');
  }
  state.lastMetrics = { at: now, raw: m.rawReceived };
  let dropped = 0;
  for (const s of m.sensors ?? []) dropped += s.dropped ?? 0;
  text('health-dropped', String(dropped));
  text('health-errors', String(m.errors?.total ?? '–'));
  text('health-proc-p99', String(m.processingUs.p99));
  text('health-e2e-p99', String(m.endToEndUs.p99));
  const links = [m.link, m.bulkLink].filter(Boolean);
  text('health-links', (m.inProcess ? 'in process, ' : '') + (links.every((l) => l.connected) ? 'connected' : 'NOT connected'));
  panels.health.fresh();
}

function onStatus(vehicle, payload) {
  let s;
  try { s = JSON.parse(decoder.decode(payload)); } catch { return; }
  if (!state.vehicles.has(vehicle)) {
    state.vehicles.add(vehicle);
    const option = document.createElement('option');
    option.value = option.textContent = vehicle;
    $('vehicle').append(option);
    if (vehicle === state.vehicle) $('vehicle').value = vehicle;
  }
  if (vehicle === state.vehicle) {
    text('health-status', s.state + (s.detail ? ` (${s.detail})` : ''));
    document.body.classList.toggle('bridge-offline', s.state !== 'online');
    setBanner();
  }
}

function setBanner() {
  const connected = state.client?.connected;
  const offline = document.body.classList.contains('bridge-offline');
  document.body.classList.toggle('disconnected', !connected || offline);
  $('banner').textContent = !connected
    ? 'Connection to the broker lost: nothing shown is current.'
    : `The bridge for ${state.vehicle} is offline: nothing shown is current.`;
  const badge = $('connection');
  badge.textContent = connected ? 'connected' : state.client ? 'connection lost' : 'not connected';
  badge.className = 'badge ' + (connected ? 'ok' : 'lost');
}

function route(topic, payload) {
  state.firstAt[topic] ??= performance.now();
  const parts = topic.split('/');
  if (parts[0] !== 'rov' || parts.length < 3) return;
  const vehicle = parts[1];
  if (parts[2] === 'status' && parts.length === 3) { onStatus(vehicle, payload); return; }
  if (vehicle !== state.vehicle) return;
  if (parts[2] === 'feed' && parts.length === 5) handlers[parts[3]]?.(parts[4], payload);
  else if (topic.endsWith('/alarms/active')) onAlarmsActive(payload);
  else if (topic.endsWith('/alarms/events')) onAlarmEvents(payload);
  else if (parts[2] === 'metrics') onMetrics(payload);
}

function vehicleTopics(v) { return [`rov/${v}/feed/#`, `rov/${v}/alarms/active`, `rov/${v}/alarms/events`, `rov/${v}/metrics`]; }

function selectVehicle(v) {
  if (state.client && state.vehicle) state.client.unsubscribe(vehicleTopics(state.vehicle));
  state.vehicle = v;
  for (const p of Object.values(panels)) p.reset();
  state.fanGeometry = null; state.scanObstacles = null; state.lastMetrics = null; state.fanStampNs = null;
  state.altitude = { t: [], v: [], floor: [] };
  $('alarm-list').replaceChildren();
  document.body.classList.remove('bridge-offline');
  if (state.client) state.client.subscribe(vehicleTopics(v), { qos: 0 });
}

function brokerUrl(config) {
  if (config.brokerUrl) return config.brokerUrl;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${config.mqttPath}`;
}

function connect(credentials) {
  const options = {
    protocolVersion: 5, clean: true, reconnectPeriod: 1000, connectTimeout: 5000,
    clientId: 'rovdsp-console-' + Math.random().toString(16).slice(2, 10),
  };
  if (credentials) { options.username = credentials.user; options.password = credentials.password; }
  const client = mqtt.connect(brokerUrl(state.config), options);
  state.client = client;
  client.on('connect', () => {
    state.connectedAt ??= performance.now();
    $('login').hidden = true;
    client.subscribe(['rov/+/status', ...vehicleTopics(state.vehicle)], { qos: 0 });
    setBanner();
  });
  client.on('message', (topic, payload) => route(topic, payload));
  for (const event of ['close', 'offline', 'disconnect']) client.on(event, setBanner);
  client.on('error', (error) => {
    // CONNACK "bad user name or password" / "not authorized" (MQTT 3.1.1: 4, 5; MQTT 5: 0x86, 0x87): ask for them.
    if ([4, 5, 0x86, 0x87].includes(error.code)) {
      client.end(true);
      askCredentials('the broker refused: ' + error.message);
    }
    setBanner();
  });
}

function askCredentials(why) {
  const form = $('login');
  form.hidden = false;
  setBanner();
  text('login-error', why ?? '');
  form.onsubmit = (e) => {
    e.preventDefault();
    connect({ user: $('login-user').value, password: $('login-password').value });
  };
}

async function start() {
  const response = await fetch('config.json', { cache: 'no-store' });
  state.config = await response.json();
  state.vehicle = state.config.vehicle;
  const option = document.createElement('option');
  option.value = option.textContent = state.vehicle;
  $('vehicle').append(option);
  state.vehicles.add(state.vehicle);
  $('vehicle').addEventListener('change', (e) => selectVehicle(e.target.value));
  makeChart();
  setInterval(() => {
    const now = performance.now();
    for (const p of Object.values(panels)) p.tick(now);
    // The trace is redrawn at the tick (4 Hz), not per ping (up to 20 Hz): the sonar images need the main thread more.
    if (chart && state.altitude.dirty) {
      state.altitude.dirty = false;
      chart.setData([state.altitude.t, state.altitude.v, state.altitude.floor]);
    }
    text('clock', new Date().toISOString().slice(11, 19) + ' UTC');
  }, 250);
  if (state.config.credentialsRequired) askCredentials(); else connect(null);
  window.rovConsole.ready = true;
}

start();
