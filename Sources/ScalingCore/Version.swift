/// ScalingCore's version, as the Jupyter kernel and its banner report it.
public enum ScalingCoreVersion { public static let string = "0.1.0" }
