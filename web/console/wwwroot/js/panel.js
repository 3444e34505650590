// One panel's freshness: the age of its data, STALE past its threshold, "bad data" for 5 s after a malformed payload
// (held even while good messages from another sensor of the same kind keep coming, so the pilot sees it).
// The threshold follows the feed's own rate as the bridge's stale alarms do (docs/topics.md): max(floor, 4 × the median
// of the last 9 message intervals), capped at the ceiling; until the rate is known it is the floor.
export class Panel {
  constructor(id, floorS, ceilingS) {
    this.el = document.getElementById(id);
    this.ageEl = this.el.querySelector('h2 .age');
    this.sensorEl = this.el.querySelector('h2 .sensor');
    this.floorS = floorS;
    this.ceilingS = ceilingS;
    // performance.now() of the first good message since the last reset (how long a page opened mid-dive waited), and
    // of the latest.
    this.first = null;
    this.last = null;
    this.intervals = [];
    this.bad = null;
    this.badUntil = 0;
  }

  // A good message arrived now (performance.now() ms).
  fresh(now = performance.now(), sensor = null) {
    if (this.last !== null) {
      this.intervals.push((now - this.last) / 1000);
      if (this.intervals.length > 9) this.intervals.shift();
    }
    this.first ??= now;
    this.last = now;
    if (sensor !== null && this.sensorEl) this.sensorEl.textContent = sensor;
    this.tick(now);
  }

  // A payload that could not be shown: say so on this panel only.
  malformed(reason) {
    this.bad = reason;
    this.badUntil = performance.now() + 5000;
    this.el.dataset.state = 'bad';
    this.el.title = 'bad data: ' + reason;
  }

  thresholdS() {
    if (this.intervals.length < 2) return this.floorS;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    return Math.min(this.ceilingS, Math.max(this.floorS, 4 * median));
  }

  tick(now = performance.now()) {
    if (this.last === null) {
      this.ageEl.textContent = 'no data';
      return;
    }
    const age = (now - this.last) / 1000;
    this.ageEl.textContent = age < 10 ? age.toFixed(1) + ' s' : Math.round(age) + ' s';
    if (this.bad !== null && now < this.badUntil) {
      this.el.dataset.state = 'bad';
    } else {
      this.el.dataset.state = age > this.thresholdS() ? 'stale' : 'ok';
      this.el.title = '';
    }
  }

  reset() {
    this.first = null;
    this.last = null;
    this.intervals = [];
    this.bad = null;
    this.badUntil = 0;
    this.el.dataset.state = 'empty';
    if (this.sensorEl) this.sensorEl.textContent = '';
    this.tick();
  }
}
