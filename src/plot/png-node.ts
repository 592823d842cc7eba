/**
 * Node-only adapter: SVG → PNG with @resvg/resvg-js (a Rust renderer with prebuilt binaries, no browser), using
 * system fonts (DejaVu Sans from Debian's fonts-dejavu-core, then any sans-serif), and `writeFigure` writing
 * NAME.svg and NAME.png. The math core never imports this file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { InvalidArgumentError } from '../errors.ts';

export interface PngOptions {
  /** Pixel density: 2 renders a 640×400 figure as 1280×800 (default 2). */
  scale?: number;
}

export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale) || scale > 16) throw new InvalidArgumentError(`svgToPng: scale=${scale} must be in (0, 16]`);
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}

/** Writes DIR/NAME.svg and DIR/NAME.png (creating DIR); returns both paths. */
export function writeFigure(dir: string, name: string, svg: string, options: PngOptions = {}): { svg: string; png: string } {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new InvalidArgumentError(`writeFigure: name '${name}' must be a file stem of letters, digits, '.', '_' or '-'`);
  }
  mkdirSync(dir, { recursive: true });
  const paths = { svg: join(dir, `${name}.svg`), png: join(dir, `${name}.png`) };
  writeFileSync(paths.svg, svg);
  writeFileSync(paths.png, svgToPng(svg, options));
  return paths;
}
