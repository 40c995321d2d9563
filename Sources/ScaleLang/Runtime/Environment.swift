/// A scope of variables: the builtins, the globals, or a function call's parameters.
///
/// Lookups walk outwards; assignments go to the innermost scope (a function cannot rebind globals).
public final class Scope {
    var variables: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        var s: Scope? = self
        while let scope = s {
            if let v = scope.variables[name] { return v }
            s = scope.parent
        }
        return nil
    }

    /// The scope that binds `name`, looking outwards from here.
    func owner(of name: String) -> Scope? {
        var s: Scope? = self
        while let scope = s {
            if scope.variables[name] != nil { return scope }
            s = scope.parent
        }
        return nil
    }

    /// Names visible from here, innermost first, for completion and "did you mean".
    var visibleNames: [String] {
        var names: [String] = []
        var s: Scope? = self
        while let scope = s {
            names += scope.variables.keys.sorted()
            s = scope.parent
        }
        return names
    }
}

/// Ctrl-C from the REPL: set by the signal handler, checked by loops and long computations.
public enum Interrupt {
    nonisolated(unsafe) private static var flag: Int32 = 0

    /// Asks the running evaluation to stop (async-signal-safe: one store).
    public static func request() { flag = 1 }
    /// Withdraws a request, before the next evaluation starts.
    public static func clear() { flag = 0 }
    /// Whether a stop was asked for; loops and long computations check it.
    public static var isRequested: Bool { flag != 0 }
}
