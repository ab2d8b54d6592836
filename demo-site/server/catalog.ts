/** The demo store's catalog: a dozen products with variants, in collections, priced in INR (GST included). */

/** The one currency the demo store sells in. */
export const CURRENCY = 'INR';

/** The store's name, shown in its header and emails. */
export const STORE_NAME = 'Kettle & Loom';

/** A collection of products (Shopify-style: a product can be in several). */
export interface Collection {
  id: string;
  handle: string;
  title: string;
  blurb: string;
}

/** One purchasable option of a product. */
export interface Variant {
  id: string;
  title: string;
  sku: string;
  price: number;
  compareAt?: number;
}

/** Which drawing the product art uses. */
export type Art = 'shirt' | 'kurta' | 'tee' | 'bag' | 'wallet' | 'mug' | 'strainer' | 'candle' | 'runner' | 'planter' | 'notebook' | 'bottle';

/** A product with its variants and collections. */
export interface Product {
  id: string;
  handle: string;
  title: string;
  vendor: string;
  category: string;
  description: string;
  art: Art;
  colour: string;
  optionName: string;
  variants: Variant[];
  collectionIds: string[];
}

/** All collections, in menu order. */
export const COLLECTIONS: Collection[] = [
  { id: '4101', handle: 'clothing', title: 'Clothing', blurb: 'Handloom shirts, block-print kurtas and everyday tees.' },
  { id: '4102', handle: 'home-kitchen', title: 'Home & Kitchen', blurb: 'Stoneware, brass and copper for slow mornings.' },
  { id: '4103', handle: 'accessories', title: 'Bags & Accessories', blurb: 'Canvas, leather and paper goods that age well.' },
  { id: '4104', handle: 'bestsellers', title: 'Bestsellers', blurb: 'What everyone is ordering this month.' },
  { id: '4105', handle: 'new-arrivals', title: 'New arrivals', blurb: 'Fresh from our makers in Jaipur, Khurja and Kutch.' },
];

function sizes(pid: string, code: string, price: number, titles: string[]): Variant[] {
  return titles.map((t, i) => ({ id: `${pid}0${i + 1}`, title: t, sku: `${code}-${t.replace(/[^A-Za-z0-9]+/g, '').toUpperCase()}`, price }));
}

/** All products, in the order the home page shows them. */
export const PRODUCTS: Product[] = [
  {
    id: '8001', handle: 'handloom-linen-shirt', title: 'Handloom Linen Shirt', vendor: 'Kettle & Loom', category: 'Shirts',
    description: 'Woven on pit looms in Phulia from pure flax linen. Relaxed fit, coconut-shell buttons, softens with every wash.',
    art: 'shirt', colour: '#9fb8c9', optionName: 'Size', collectionIds: ['4101', '4105'],
    variants: sizes('8001', 'KL-LIN', 1899, ['S', 'M', 'L', 'XL']),
  },
  {
    id: '8002', handle: 'indigo-block-print-kurta', title: 'Indigo Block-Print Kurta', vendor: 'Bagru Collective', category: 'Kurtas',
    description: 'Hand block-printed with natural indigo in Bagru, Rajasthan. Straight cut, side slits, mid-thigh length.',
    art: 'kurta', colour: '#4d6a9c', optionName: 'Size', collectionIds: ['4101', '4104'],
    variants: sizes('8002', 'KL-KUR', 2299, ['S', 'M', 'L']),
  },
  {
    id: '8003', handle: 'organic-cotton-tee', title: 'Organic Cotton Tee', vendor: 'Kettle & Loom', category: 'T-shirts',
    description: 'GOTS-certified cotton from Madhya Pradesh, 180 gsm, pre-shrunk. The tee you reach for first.',
    art: 'tee', colour: '#c9c3b1', optionName: 'Colour', collectionIds: ['4101'],
    variants: sizes('8003', 'KL-TEE', 799, ['Chalk', 'Charcoal', 'Olive']),
  },
  {
    id: '8004', handle: 'canvas-weekender-bag', title: 'Canvas Weekender Bag', vendor: 'Kettle & Loom', category: 'Bags',
    description: 'Waxed 18 oz canvas with vegetable-tanned leather handles and a padded laptop sleeve. Fits two nights away.',
    art: 'bag', colour: '#8a8f63', optionName: 'Colour', collectionIds: ['4103', '4104'],
    variants: [
      { id: '800401', title: 'Olive', sku: 'KL-WKD-OLIVE', price: 3499, compareAt: 3999 },
      { id: '800402', title: 'Navy', sku: 'KL-WKD-NAVY', price: 3499, compareAt: 3999 },
    ],
  },
  {
    id: '8005', handle: 'leather-card-wallet', title: 'Leather Card Wallet', vendor: 'Kanpur Tannery Co.', category: 'Wallets',
    description: 'Six card slots and a note pocket in full-grain leather, hand-stitched with waxed linen thread.',
    art: 'wallet', colour: '#b07a4f', optionName: 'Colour', collectionIds: ['4103', '4104'],
    variants: sizes('8005', 'KL-WAL', 1199, ['Tan', 'Black']),
  },
  {
    id: '8006', handle: 'speckled-stoneware-mug', title: 'Speckled Stoneware Mug', vendor: 'Khurja Pottery', category: 'Mugs',
    description: 'Wheel-thrown in Khurja and glazed by hand, 350 ml. Microwave and dishwasher safe.',
    art: 'mug', colour: '#d9cbb8', optionName: 'Pack', collectionIds: ['4102'],
    variants: [
      { id: '800601', title: 'Single', sku: 'KL-MUG-1', price: 649 },
      { id: '800602', title: 'Set of 2', sku: 'KL-MUG-2', price: 1199 },
    ],
  },
  {
    id: '8007', handle: 'brass-tea-strainer', title: 'Brass Tea Strainer', vendor: 'Moradabad Metalworks', category: 'Tea',
    description: 'Solid brass with a fine steel mesh, for loose-leaf chai and everything after.',
    art: 'strainer', colour: '#d6b65b', optionName: 'Finish', collectionIds: ['4102'],
    variants: sizes('8007', 'KL-STR', 399, ['Polished', 'Antique']),
  },
  {
    id: '8008', handle: 'soy-wax-candle', title: 'Hand-poured Soy Candle', vendor: 'Kettle & Loom', category: 'Candles',
    description: 'Poured in small batches with cotton wicks and essential oils. About 40 hours of clean burn.',
    art: 'candle', colour: '#e5d3c1', optionName: 'Scent', collectionIds: ['4102', '4104'],
    variants: sizes('8008', 'KL-CAN', 899, ['Vetiver', 'Jasmine', 'Sandalwood']),
  },
  {
    id: '8009', handle: 'jute-table-runner', title: 'Jute Table Runner', vendor: 'Sundarbans Weavers', category: 'Table linen',
    description: 'Flat-woven golden jute from West Bengal, 33 × 180 cm, with hand-knotted tassels.',
    art: 'runner', colour: '#c4a36b', optionName: 'Length', collectionIds: ['4102'],
    variants: [
      { id: '800901', title: '180 cm', sku: 'KL-RUN-180', price: 1099 },
      { id: '800902', title: '240 cm', sku: 'KL-RUN-240', price: 1399 },
    ],
  },
  {
    id: '8010', handle: 'terracotta-planter', title: 'Terracotta Planter', vendor: 'Kutch Clayworks', category: 'Planters',
    description: 'Unglazed terracotta that lets roots breathe, with a matching saucer. Drainage hole included.',
    art: 'planter', colour: '#c76b4a', optionName: 'Size', collectionIds: ['4102', '4105'],
    variants: [
      { id: '801001', title: 'Small (15 cm)', sku: 'KL-PLT-S', price: 749 },
      { id: '801002', title: 'Large (25 cm)', sku: 'KL-PLT-L', price: 1249 },
    ],
  },
  {
    id: '8011', handle: 'recycled-paper-notebook', title: 'Recycled Cotton-Paper Notebook', vendor: 'Jaipur Paperworks', category: 'Stationery',
    description: 'A5, 160 pages of handmade paper from recycled cotton rag, with a lay-flat binding.',
    art: 'notebook', colour: '#a7b59a', optionName: 'Ruling', collectionIds: ['4103'],
    variants: sizes('8011', 'KL-NB', 349, ['Dotted', 'Ruled', 'Plain']),
  },
  {
    id: '8012', handle: 'copper-water-bottle', title: 'Copper Water Bottle', vendor: 'Moradabad Metalworks', category: 'Bottles',
    description: 'Pure copper with a lacquer-free interior and a leak-proof cap. Hammered by hand.',
    art: 'bottle', colour: '#c57f4e', optionName: 'Capacity', collectionIds: ['4102', '4104', '4105'],
    variants: [
      { id: '801201', title: '750 ml', sku: 'KL-BTL-750', price: 1499 },
      { id: '801202', title: '1 litre', sku: 'KL-BTL-1000', price: 1799 },
    ],
  },
];

/** Orders at or above this subtotal ship free; others pay SHIPPING_FEE. */
export const FREE_SHIPPING_FROM = 999;
/** Flat shipping fee below FREE_SHIPPING_FROM. */
export const SHIPPING_FEE = 99;
/** The one coupon the demo store knows: 10% off. */
export const COUPON = { code: 'WELCOME10', percentOff: 10 };

/** The product with this URL handle. */
export function productByHandle(handle: string): Product | undefined {
  return PRODUCTS.find((p) => p.handle === handle);
}

/** The product with this id. */
export function productById(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

/** The collection with this URL handle. */
export function collectionByHandle(handle: string): Collection | undefined {
  return COLLECTIONS.find((c) => c.handle === handle);
}

/** The products in a collection, in catalog order. */
export function productsIn(collectionId: string): Product[] {
  return PRODUCTS.filter((p) => p.collectionIds.includes(collectionId));
}

/** The lowest variant price of a product (what listings show as "from"). */
export function fromPrice(p: Product): number {
  return Math.min(...p.variants.map((v) => v.price));
}

/** The URL of a product's generated illustration. */
export function imagePath(p: Product): string {
  return `/shop/img/${p.handle}.svg`;
}
