public enum ScalePlotVersion { public static let string = "0.1.0" }
