/** Ready-made model architectures ({@link dev.kiln.nn.zoo.Models}: MLPs, LeNet-5, VGG- and ResNet-style networks). */
package dev.kiln.nn.zoo;
