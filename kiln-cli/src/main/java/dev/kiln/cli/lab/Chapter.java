package dev.kiln.cli.lab;

/**
 * A seed file of the notes, in their order: each lab experiment belongs to the chapter whose
 * demonstration it reproduces, and the lab book lists the chapters in this order.
 */
enum Chapter {
    /** 000: weight initialisation and loss functions (part 1): the √n growth, Xavier, Kaiming, entropy. */
    S000("000", "Weight initialisation; loss functions (part 1)"),
    /** 001: neural-network basics: activations, forward pass, the PyTorch losses, autograd. */
    S001("001", "Neural-network basics: activations, losses, autograd"),
    /** 002: the deep-learning blue book: batch size, normalisation, fine-tuning, schedules, regularisation. */
    S002("002", "Deep-learning basics: batch size, normalisation, fine-tuning, learning rate, regularisation"),
    /** 003: numerical stability: vanishing and exploding gradients, symmetry. */
    S003("003", "Numerical stability and initialisation"),
    /** 004: losses, activations and optimisers at a glance. */
    S004("004", "Losses, activations and optimisers at a glance");

    /** The seed file's number, as in {@code seeds/000_*.txt}. */
    final String file;
    /** The chapter's title. */
    final String title;

    Chapter(String file, String title) {
        this.file = file;
        this.title = title;
    }
}
