export { isQuickMode } from "./quick";
