package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Bonjour depuis un binaire Go de l'API !")
	})
	log.Println("API à l'écoute sur :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
