/** The d_k slider's stops (powers of two). */
export const DK_STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
