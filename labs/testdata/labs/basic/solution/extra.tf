resource "terraform_data" "fourth" {
  input = terraform_data.third.output
}
