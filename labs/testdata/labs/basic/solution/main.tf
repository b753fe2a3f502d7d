resource "terraform_data" "first" {
  input = var.greeting
}

resource "terraform_data" "second" {
  input = terraform_data.first.output
}

resource "terraform_data" "third" {
  input = "third"
}

output "greeting" {
  value = terraform_data.first.output
}

output "first_id" {
  value = terraform_data.first.id
}
