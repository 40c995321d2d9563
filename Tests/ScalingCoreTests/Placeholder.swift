import Testing
@testable import ScalingCore
@Test func placeholderScalingCore() { #expect(1 + 1 == 2) }
