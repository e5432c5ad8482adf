"""Text-to-shape generation: the part-slot diffusion model, its scheduler and its text encoder."""
