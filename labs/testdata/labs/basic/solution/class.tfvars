greeting = "안녕하세요"
