import { describe, expect, it } from 'vitest';
import { prCurveSvg } from '../../../server/triage/index.js';

describe('prCurveSvg', () => {
  it('draws one polyline per series from recall 0, markers, and an escaped legend', () => {
    const svg = prCurveSvg({
      title: 'A & B',
      series: [{ name: 'model <1>', color: '#123456', points: [{ threshold: 0.9, precision: 1, recall: 0.5 }, { threshold: 0.1, precision: 0.5, recall: 1 }] }],
      markers: [{ name: 'rules', color: '#654321', precision: 0.8, recall: 0.2 }],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // Plot area: x from 60 (recall 0) to 380 (recall 1), y from 370 (precision 0) to 40 (precision 1).
    expect(svg).toContain('<polyline fill="none" stroke="#123456" stroke-width="2" points="60.0,40.0 220.0,40.0 380.0,205.0"/>');
    expect(svg).toContain('<circle cx="124.0" cy="106.0" r="5" fill="#654321"/>');
    expect(svg).toContain('>A &amp; B</text>');
    expect(svg).toContain('>model &lt;1&gt;</text>');
  });
});
