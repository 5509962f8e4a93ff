"""The store's associates: who they are and their PINs, the service desk they answer, and the
follow-up tasks the rules give them."""
