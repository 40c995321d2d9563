import ScalingCore
import ScaleStdlib
public enum ScaleLangVersion { public static let string = "0.1.0"; public static var prelude: String { Prelude.source } }
