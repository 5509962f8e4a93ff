"""After the sale: the purchase, its services, the customer's scores and invitations."""
