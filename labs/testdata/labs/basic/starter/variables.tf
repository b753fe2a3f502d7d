variable "greeting" {
  type = string
}
