// Test and benchmark helpers (hostile inputs, a structural cost meter); never used by the parser.
export { SHAPES } from './adversarial-shapes.ts';
export { meterScans } from './scan-meter.ts';
