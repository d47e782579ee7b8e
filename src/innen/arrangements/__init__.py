"""What a customer and the organisation agree on: promises to pay, payment plans, disputes."""
