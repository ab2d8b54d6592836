import type { Art, Product } from './catalog';
import { escapeHtml } from './html';

function mix(hex: string, toward: number, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => Math.round(c + (toward - c) * amount));
  return `#${ch.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Shapes for each kind of product, drawn on a 400×400 canvas (fill = the product colour, stroke = a darker tone). */
const SHAPES: Record<Art, string> = {
  shirt: '<path d="M150 90 L200 110 L250 90 L320 130 L300 190 L270 175 L270 320 L130 320 L130 175 L100 190 L80 130 Z"/><path d="M180 100 L200 140 L220 100" fill="none"/><path d="M200 140 V310" fill="none"/><circle cx="200" cy="170" r="4"/><circle cx="200" cy="210" r="4"/><circle cx="200" cy="250" r="4"/>',
  kurta: '<path d="M155 70 L200 85 L245 70 L315 110 L295 175 L265 160 L272 340 L240 340 L232 300 L168 300 L160 340 L128 340 L135 160 L105 175 L85 110 Z"/><path d="M200 85 V160" fill="none"/><path d="M150 200 h100 M150 235 h100" fill="none" stroke-dasharray="6 8"/>',
  tee: '<path d="M160 95 Q200 125 240 95 L320 130 L295 185 L265 170 L265 315 L135 315 L135 170 L105 185 L80 130 Z"/><path d="M160 95 Q200 125 240 95" fill="none"/>',
  bag: '<path d="M150 160 C150 95 250 95 250 160" fill="none" stroke-width="12"/><rect x="85" y="150" width="230" height="160" rx="22"/><path d="M85 200 H315" fill="none"/><rect x="180" y="190" width="40" height="22" rx="4"/>',
  wallet: '<rect x="95" y="125" width="210" height="150" rx="18"/><path d="M95 175 H305" fill="none"/><rect x="250" y="190" width="55" height="40" rx="10"/><circle cx="270" cy="210" r="6"/>',
  mug: '<path d="M120 140 H260 V290 Q260 315 235 315 H145 Q120 315 120 290 Z"/><path d="M260 170 Q315 170 315 215 Q315 260 260 260" fill="none" stroke-width="14"/><path d="M160 110 q10 -15 0 -30 M200 110 q10 -15 0 -30" fill="none"/>',
  strainer: '<circle cx="170" cy="200" r="85"/><path d="M120 165 H220 M110 200 H230 M120 235 H220 M170 120 V280 M135 135 V265 M205 135 V265" fill="none" stroke-width="3"/><path d="M250 200 H340" fill="none" stroke-width="16"/><circle cx="342" cy="200" r="12"/>',
  candle: '<rect x="125" y="170" width="150" height="150" rx="20"/><path d="M125 205 H275" fill="none"/><path d="M200 170 V140" fill="none"/><path d="M200 85 Q225 115 200 140 Q175 115 200 85 Z" fill="#f2b84b" stroke="#d98d2b"/>',
  runner: '<path d="M70 250 L250 90 L330 160 L150 320 Z"/><path d="M90 268 L270 108 M110 286 L290 126 M130 304 L310 144" fill="none" stroke-width="3"/><path d="M150 320 l-10 18 M160 312 l-8 19 M140 329 l-12 16 M330 160 l14 12 M322 167 l15 10" fill="none" stroke-width="4"/>',
  planter: '<path d="M200 170 C170 120 135 110 110 120 C135 150 165 165 200 170 Z"/><path d="M200 170 C230 110 265 100 295 105 C265 145 235 165 200 170 Z"/><path d="M200 175 V110 Q205 85 225 70" fill="none"/><path d="M120 175 H280 L260 320 H140 Z"/><path d="M112 175 H288 V205 H112 Z"/>',
  notebook: '<rect x="115" y="80" width="175" height="240" rx="12"/><path d="M140 80 V320" fill="none"/><rect x="170" y="130" width="95" height="40" rx="6" fill="#fff8"/><path d="M255 80 V330 l10 -12 l10 12 V80" fill="#c0503b" stroke="#8d3a2b"/>',
  bottle: '<rect x="178" y="60" width="44" height="40" rx="8"/><path d="M170 100 H230 L240 140 Q265 160 265 200 V315 Q265 335 245 335 H155 Q135 335 135 315 V200 Q135 160 160 140 Z"/><path d="M150 220 q50 20 100 0 M150 260 q50 20 100 0" fill="none"/>',
};

/** An SVG illustration of a product (its colour, a simple drawing of what it is), for listings, product pages and push images. */
export function productSvg(p: Product): string {
  const bg = mix(p.colour, 255, 0.78);
  const stroke = mix(p.colour, 0, 0.45);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" role="img" aria-label="${escapeHtml(p.title)}">
<rect width="400" height="400" fill="${bg}"/>
<ellipse cx="200" cy="345" rx="130" ry="14" fill="${stroke}" opacity=".18"/>
<g fill="${p.colour}" stroke="${stroke}" stroke-width="6" stroke-linejoin="round" stroke-linecap="round">${SHAPES[p.art]}</g>
</svg>`;
}
