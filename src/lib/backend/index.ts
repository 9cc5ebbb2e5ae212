// Node entry for backend selection. Browser code imports "./browser" directly so that
// bundlers never see the Node-only candidates.
export { initBackend, nodeCandidates, nvidiaGpuNames, cpuDescription } from "./node";
export type { NodeBackendOptions } from "./node";
export { BACKEND_IDS, parseBackendId, selectBackend } from "./select";
export type { BackendId, BackendInfo, Candidate, SelectOptions } from "./select";
