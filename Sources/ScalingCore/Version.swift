public enum ScalingCoreVersion { public static let string = "0.1.0" }
