import ScaleLang
print(ScaleLangVersion.prelude)
