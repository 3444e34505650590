// Sonar images: PNG payloads decoded off the main thread (createImageBitmap) and painted with their overlays.
// Latest wins: an image that arrives while the previous one is still decoding replaces any image waiting behind it,
// so a slow page shows the newest picture late rather than a backlog of old ones.
export class ImagePainter {
  constructor(canvas, onPainted, onBad) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.onPainted = onPainted;
    this.onBad = onBad;
    this.decoding = false;
    this.waiting = null;
    this.bitmap = null;
    this.overlay = null;
    this.replaced = 0;
  }

  // tag: whatever the caller wants handed back when this image is painted (the fan: its multibeam stamp).
  push(payload, tag) {
    if (this.decoding) {
      if (this.waiting !== null) this.replaced++;
      this.waiting = { payload, tag };
      return;
    }
    this.decode(payload, tag);
  }

  async decode(payload, tag) {
    this.decoding = true;
    try {
      const bitmap = await createImageBitmap(new Blob([payload], { type: 'image/png' }));
      if (this.bitmap) this.bitmap.close();
      this.bitmap = bitmap;
      this.paint();
      this.onPainted(tag, bitmap);
    } catch (e) {
      this.onBad('not a PNG image (' + (e && e.name ? e.name : 'decode failed') + ')');
    } finally {
      this.decoding = false;
    }
    if (this.waiting !== null) {
      const next = this.waiting;
      this.waiting = null;
      this.decode(next.payload, next.tag);
    }
  }

  setOverlay(draw) {
    this.overlay = draw;
    this.paint();
  }

  paint() {
    const { canvas, ctx, bitmap } = this;
    if (bitmap && (canvas.width !== bitmap.width || canvas.height !== bitmap.height)) {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
    }
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (bitmap) ctx.drawImage(bitmap, 0, 0);
    if (this.overlay) {
      ctx.save();
      this.overlay(ctx, canvas.width, canvas.height);
      ctx.restore();
    }
  }
}

// Range rings, bearing lines, the corridor and obstacles over a polar image, given where the sonar is in the image
// (originX, originY px) and its scale (metres per pixel). Bearings: degrees, 0 ahead (up), positive to starboard.
// fullCircle: rings all round (a 360° scanning sonar) or only ahead of the sonar (a forward-looking fan).
export function drawPolarOverlay(ctx, g, obstacles, nearest, corridor, maxRangeM, bearingsDeg, fullCircle) {
  const px = (rangeM, bearingDeg) => {
    const b = bearingDeg * Math.PI / 180;
    return [g.originX + rangeM * Math.sin(b) / g.mPerPx, g.originY - rangeM * Math.cos(b) / g.mPerPx];
  };
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(79,179,255,.55)';
  ctx.fillStyle = 'rgba(79,179,255,.9)';
  ctx.font = '11px system-ui, sans-serif';
  const step = niceStep(maxRangeM / 4);
  for (let r = step; r <= maxRangeM + 1e-6; r += step) {
    ctx.beginPath();
    if (fullCircle) ctx.arc(g.originX, g.originY, r / g.mPerPx, 0, 2 * Math.PI);
    else ctx.arc(g.originX, g.originY, r / g.mPerPx, Math.PI, 2 * Math.PI);
    ctx.stroke();
    const [lx, ly] = px(r, 0);
    ctx.fillText(r.toFixed(step < 1 ? 1 : 0) + ' m', lx + 3, ly + 11);
  }
  for (const b of bearingsDeg) {
    const [x, y] = px(maxRangeM, b);
    ctx.beginPath();
    ctx.moveTo(g.originX, g.originY);
    ctx.lineTo(x, y);
    ctx.stroke();
    ctx.fillText((b > 0 ? '+' : '') + b + '°', x + 2, y - 2);
  }
  if (corridor) {
    const w = corridor.halfWidthM / g.mPerPx;
    const len = Math.min(corridor.maxRangeM, maxRangeM) / g.mPerPx;
    ctx.strokeStyle = 'rgba(240,180,0,.8)';
    ctx.setLineDash([6, 4]);
    ctx.strokeRect(g.originX - w, g.originY - len, 2 * w, len);
    ctx.setLineDash([]);
  }
  for (const o of obstacles) {
    if (!Number.isFinite(o.rangeM) || !Number.isFinite(o.bearingDeg)) continue;
    const [x, y] = px(o.rangeM, o.bearingDeg);
    const isNearest = nearest && o.rangeM === nearest.rangeM && o.bearingDeg === nearest.bearingDeg;
    const r = Math.max(4, (Number.isFinite(o.widthM) ? o.widthM : 0.5) / 2 / g.mPerPx);
    ctx.strokeStyle = isNearest ? '#ff3b30' : '#f0b400';
    ctx.lineWidth = isNearest ? 3 : 1.5;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.stroke();
    if (isNearest) {
      ctx.fillStyle = '#ff3b30';
      ctx.font = 'bold 12px system-ui, sans-serif';
      ctx.fillText(o.rangeM.toFixed(1) + ' m', x + r + 3, y + 4);
    }
  }
}

function niceStep(x) {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
