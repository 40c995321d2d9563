import Testing
@testable import ScalePlot
@Test func placeholderScalePlot() { #expect(1 + 1 == 2) }
