public enum ScaleNotebookVersion { public static let string = "0.1.0" }
