variable "sleep_seconds" {
  type    = number
  default = 60
}

resource "terraform_data" "fast" {
  input = "fast"
}

resource "terraform_data" "slow" {
  input = terraform_data.fast.output

  provisioner "local-exec" {
    # exec replaces the shell, so Terraform's stop signal reaches sleep.
    command = "exec sleep ${var.sleep_seconds}"
  }
}

output "fast_id" {
  value = terraform_data.fast.id
}
