// Small browser-safe helpers shared by every folder.
export { mulberry32, shuffleInPlace } from "./random";
export { withDefaults } from "./withDefaults";
