/** Reading and writing weights as safetensors, and the small JSON and atomic-file helpers checkpoints use. */
package dev.kiln.io;
