package org.example.kiln;

import dev.kiln.nn.Sequential;

/**
 * A user's subclass of a library module, in a package of the user's own: the library must treat it as user code
 * wherever it is loaded from (ForwardArraysLibraryClassTest).
 */
public final class UserSequential extends Sequential {
}
