locals {
  name = var.prefix
}
